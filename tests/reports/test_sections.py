"""Every section's figures against an independent computation: plain Python over the same rows
the factories wrote (no section code, no aggregation queries), for Q2 2026/27."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date, timedelta

import pytest

from clients import choices as client_choices
from clients import report_sections as client_sections
from clients.models import Client, Contact, Episode, Referral
from plans import report_sections as plan_sections
from plans.factories import PlanFactory
from plans.models import Plan, PlanReview
from recovery.accounts.factories import ServiceFactory, TeamFactory, staff_with_role
from recovery.accounts.models import Role
from recovery.reports.periods import LONDON
from risk import report_sections as risk_sections
from risk.models import RiskAssessment, SafeguardingConcern
from tests.reports.conftest import Q2, at, make_re_referred

START, END = Q2.start, Q2.end


def _in_service(world, client_id: int) -> bool:
    return Client.objects.get(pk=client_id).team.service_id == world.service.pk


def _episodes(world) -> list[Episode]:
    return [
        episode
        for episode in Episode.objects.select_related("client__team")
        if episode.client.team.service_id == world.service.pk
    ]


def _open_at_end(episode: Episode) -> bool:
    return (
        episode.started_on is not None
        and episode.started_on <= END
        and (episode.ended_on is None or episode.ended_on > END)
    )


def _uk_date(moment) -> date:
    return moment.astimezone(LONDON).date()


@pytest.mark.django_db
def test_it_counts_referrals_received_and_decided_in_the_quarter(world):
    referrals = [
        r for r in Referral.objects.select_related("client__team") if r.client.team.service_id == world.service.pk
    ]
    received = [r for r in referrals if START <= r.received_on <= END]
    decided = [r for r in referrals if r.decided_on and START <= r.decided_on <= END]

    data = client_sections.referrals_compute(start=START, end=END, service_ids=world.service_ids)

    assert data["received"] == len(received)
    assert data["by_source"] == dict(Counter(r.source for r in received))
    assert data["accepted"] == sum(1 for r in decided if r.decision == "accepted")
    assert data["declined"] == sum(1 for r in decided if r.decision == "declined")
    assert data["signposted"] == sum(1 for r in decided if r.decision == "signposted")
    assert data["awaiting_decision_at_end"] == sum(
        1 for r in referrals if r.received_on <= END and (r.decided_on is None or r.decided_on > END)
    )


@pytest.mark.django_db
def test_it_breaks_referrals_down_only_by_coded_source(world):
    coded = {f"Source: {label}" for _, label in client_choices.REFERRAL_SOURCE}

    data = client_sections.referrals_compute(start=START, end=END, service_ids=world.service_ids)
    breakdowns = [breakdown for _, breakdown, _ in client_sections.referrals_rows(data) if breakdown]

    assert data["declined"] > 0
    assert data["signposted"] > 0
    assert breakdowns
    assert set(breakdowns) <= coded


@pytest.mark.django_db
def test_it_counts_starts_and_the_caseload_at_each_end_of_the_quarter(world):
    episodes = _episodes(world)

    data = client_sections.caseload_compute(start=START, end=END, service_ids=world.service_ids)

    assert data["at_start"] == sum(
        1 for e in episodes if e.started_on and e.started_on < START and (e.ended_on is None or e.ended_on >= START)
    )
    assert data["at_end"] == sum(1 for e in episodes if _open_at_end(e))
    assert data["starts"] == sum(1 for e in episodes if e.started_on and START <= e.started_on <= END)
    assert data["at_start"] > 0
    assert data["starts"] > 0


@pytest.mark.django_db
def test_it_balances_caseload_start_plus_starts_minus_exits_with_the_end(world):
    caseload = client_sections.caseload_compute(start=START, end=END, service_ids=world.service_ids)
    exits = client_sections.exits_compute(start=START, end=END, service_ids=world.service_ids)

    assert caseload["at_start"] + caseload["starts"] - exits["exits"] == caseload["at_end"]


@pytest.mark.django_db
def test_it_counts_exits_by_reason_with_the_planned_move_on_percentage(world):
    exits = [e for e in _episodes(world) if e.started_on and e.ended_on and START <= e.ended_on <= END]
    planned = sum(1 for e in exits if e.end_reason == "planned_move_on")

    data = client_sections.exits_compute(start=START, end=END, service_ids=world.service_ids)

    assert data["exits"] == len(exits) > 0
    assert data["by_reason"] == dict(Counter(e.end_reason for e in exits))
    assert data["planned_move_on"] == planned
    assert data["planned_move_on_percent"] == round(100 * planned / len(exits), 1)


@pytest.mark.django_db
def test_it_measures_days_from_referral_to_first_and_second_attended_contact(world):
    cohort = [e for e in _episodes(world) if e.started_on and START <= e.started_on <= END]
    until = END
    firsts, seconds = [], []
    for episode in cohort:
        received = episode.referral.received_on
        days = sorted(
            _uk_date(c.occurred_at)
            for c in Contact.objects.filter(client=episode.client, outcome="attended")
            if received <= _uk_date(c.occurred_at) <= until
        )
        firsts.append((days[0] - received).days if days else None)
        seconds.append((days[1] - received).days if len(days) > 1 else None)

    data = client_sections.contact_times_compute(start=START, end=END, service_ids=world.service_ids)

    assert data["people"] == len(cohort)
    assert data["first_median_days"] == statistics.median([d for d in firsts if d is not None])
    assert data["second_median_days"] == statistics.median([d for d in seconds if d is not None])
    assert data["first_bands"]["No contact by the end of the period"] == firsts.count(None)
    assert data["first_bands"]["0 to 7 days"] == sum(1 for d in firsts if d is not None and d <= 7)
    assert sum(data["second_bands"].values()) == len(cohort)


@pytest.mark.django_db
def test_it_counts_contacts_by_type_and_the_did_not_attend_rate(world):
    contacts = [
        c
        for c in Contact.objects.select_related("client__team")
        if c.client.team.service_id == world.service.pk and START <= _uk_date(c.occurred_at) <= END
    ]
    outcomes = Counter(c.outcome for c in contacts)

    data = client_sections.contacts_compute(start=START, end=END, service_ids=world.service_ids)

    assert data["contacts"] == len(contacts) > 0
    assert data["by_type"] == dict(Counter(c.contact_type for c in contacts))
    assert data["by_outcome"] == dict(outcomes)
    assert data["people_seen"] == len({c.client_id for c in contacts if c.outcome == "attended"})
    assert data["dna_percent"] == round(
        100 * outcomes["did_not_attend"] / (outcomes["attended"] + outcomes["did_not_attend"]), 1
    )


@pytest.mark.django_db
def test_it_breaks_down_people_supported_by_each_protected_characteristic(world):
    supported = {
        e.client_id: e.client
        for e in _episodes(world)
        if e.started_on and e.started_on <= END and (e.ended_on is None or e.ended_on >= START)
    }

    data = client_sections.equality_compute(start=START, end=END, service_ids=world.service_ids)

    assert data["people"] == len(supported)
    assert data["breakdown"]["ethnicity"] == dict(Counter(c.ethnicity for c in supported.values()))
    assert data["breakdown"]["sexual_orientation"] == dict(Counter(c.sexual_orientation for c in supported.values()))
    assert data["breakdown"]["age"] == dict(
        Counter(client_sections.age_band(c.date_of_birth, END) for c in supported.values())
    )
    assert set(data["breakdown"]) == {
        "age",
        "disability",
        "gender_reassignment",
        "marital_status",
        "pregnancy_maternity",
        "ethnicity",
        "religion",
        "sex",
        "sexual_orientation",
    }


@pytest.mark.django_db
def test_it_counts_clients_with_an_agreed_plan_at_the_end_of_the_quarter(world):
    open_episodes = {e.pk: e.client_id for e in _episodes(world) if _open_at_end(e)}
    caseload = set(open_episodes.values())
    with_plan = {
        p.client_id
        for p in Plan.objects.filter(
            client_id__in=caseload, status__in=["agreed", "superseded"], plan_type__in=["support", "personal"]
        )
        if p.episode_id in open_episodes
        and p.agreed_on <= END
        and (p.superseded_at is None or _uk_date(p.superseded_at) > END)
    }

    data = plan_sections.plans_compute(start=START, end=END, service_ids=world.service_ids)

    assert (data["caseload_at_end"], data["with_agreed_plan"]) == (len(caseload), len(with_plan))
    assert data["percent"] == round(100 * len(with_plan) / len(caseload), 1)


@pytest.mark.django_db
def test_it_counts_plan_reviews_due_in_the_quarter_and_done_on_time(world):
    due = on_time = 0
    for plan in Plan.objects.select_related("episode", "client__team__service").filter(
        status__in=["agreed", "superseded"]
    ):
        if plan.client.team.service_id != world.service.pk:
            continue
        reviews = list(PlanReview.objects.filter(plan=plan).order_by("reviewed_on"))
        interval = plan.client.team.service.plan_review_interval_days
        if reviews:
            dates = [plan.agreed_on + timedelta(days=interval)] + [r.next_review_on for r in reviews]
        else:
            dates = [plan.review_due_on]
        replaced_on = _uk_date(plan.superseded_at) if plan.superseded_at else None
        for index, due_on in enumerate(dates):
            if not START <= due_on <= END or (plan.episode.ended_on and plan.episode.ended_on < due_on):
                continue
            due += 1
            met_on = reviews[index].reviewed_on if index < len(reviews) else replaced_on
            if met_on is not None and met_on <= due_on:
                on_time += 1

    data = plan_sections.plan_reviews_compute(start=START, end=END, service_ids=world.service_ids)

    assert (data["due"], data["on_time"]) == (due, on_time)
    assert 0 < on_time < due  # the fixture has reviews on time and late


@pytest.mark.django_db
def test_it_counts_clients_with_an_in_date_risk_assessment_at_the_end(world):
    started_on = {e.client_id: e.started_on for e in _episodes(world) if _open_at_end(e)}
    caseload = set(started_on)
    in_date = 0
    for client_id in caseload:
        versions = [v for v in RiskAssessment.objects.filter(client_id=client_id) if _uk_date(v.agreed_at) <= END]
        newest = max(versions, key=lambda v: v.agreed_at) if versions else None
        if newest and newest.review_due_on >= END and _uk_date(newest.agreed_at) >= started_on[client_id]:
            in_date += 1

    data = risk_sections.risk_assessments_compute(start=START, end=END, service_ids=world.service_ids)

    assert (data["caseload_at_end"], data["in_date"]) == (len(caseload), in_date)


@pytest.mark.django_db
def test_it_counts_risk_reviews_due_in_the_quarter_and_done_on_time(world):
    episodes = _episodes(world)
    due = on_time = 0
    for version in RiskAssessment.objects.select_related("client__team"):
        if version.client.team.service_id != world.service.pk or not START <= version.review_due_on <= END:
            continue
        if not any(
            e.client_id == version.client_id
            and e.started_on <= version.review_due_on
            and (e.ended_on is None or e.ended_on >= version.review_due_on)
            for e in episodes
            if e.started_on
        ):
            continue
        due += 1
        newer = RiskAssessment.objects.filter(client_id=version.client_id, number=version.number + 1).first()
        if newer and _uk_date(newer.agreed_at) <= version.review_due_on:
            on_time += 1

    data = risk_sections.risk_reviews_compute(start=START, end=END, service_ids=world.service_ids)

    assert (data["due"], data["on_time"]) == (due, on_time)
    assert 0 < on_time < due  # the fixture has reviews on time and late


@pytest.mark.django_db
def test_it_counts_safeguarding_concerns_by_care_act_category(world):
    concerns = [
        c
        for c in SafeguardingConcern.objects.select_related("client__team")
        if c.client.team.service_id == world.service.pk and START <= _uk_date(c.raised_at) <= END
    ]

    data = risk_sections.safeguarding_compute(start=START, end=END, service_ids=world.service_ids)

    assert data["concerns"] == len(concerns) > 0
    assert data["by_category"] == dict(Counter(category for c in concerns for category in c.categories))
    assert data["referred"] == sum(1 for c in concerns if c.la_referral == "referred")


@pytest.mark.django_db
def test_it_leaves_out_another_services_records(world):
    mine = client_sections.contacts_compute(start=START, end=END, service_ids=world.service_ids)
    both = client_sections.contacts_compute(
        start=START, end=END, service_ids=[world.service.pk, world.other_service.pk]
    )
    other_contacts = sum(
        1
        for c in Contact.objects.select_related("client__team")
        if c.client.team.service_id == world.other_service.pk and START <= _uk_date(c.occurred_at) <= END
    )

    assert both["contacts"] == mine["contacts"] + other_contacts
    assert other_contacts > 0


# --- someone referred again ---------------------------------------------------------------------


@pytest.fixture
def re_referred(db):
    team = TeamFactory(service=ServiceFactory())
    return make_re_referred(team, staff_with_role(Role.WORKER, team=team))


def _service_ids(client) -> list[int]:
    return [client.team.service_id]


@pytest.mark.django_db
def test_it_does_not_count_a_plan_from_an_earlier_episode_as_current(re_referred):
    data = plan_sections.plans_compute(start=START, end=END, service_ids=_service_ids(re_referred))

    assert (data["caseload_at_end"], data["with_agreed_plan"]) == (1, 0)


@pytest.mark.django_db
def test_it_counts_a_plan_agreed_in_the_current_episode_after_a_re_referral(re_referred):
    # Agreeing the new plan replaces the old one (one agreed plan of a type per person).
    Plan.objects.filter(client=re_referred).update(status="superseded", superseded_at=at(date(2026, 7, 20), 9))
    PlanFactory(
        client=re_referred,
        agreed=True,
        agreed_on=date(2026, 7, 20),
        agreed_at=at(date(2026, 7, 20)),
        review_due_on=date(2026, 10, 19),
    )

    data = plan_sections.plans_compute(start=START, end=END, service_ids=_service_ids(re_referred))

    assert data["with_agreed_plan"] == 1


@pytest.mark.django_db
def test_it_lists_a_re_referred_person_without_a_plan_in_their_current_episode(re_referred):
    result = plan_sections.plans_without_review_date_find(
        start=START, end=END, service_ids=_service_ids(re_referred), limit=5
    )

    assert result.count == 1


@pytest.mark.django_db
def test_it_does_not_count_a_risk_assessment_from_an_earlier_episode_as_in_date(re_referred):
    data = risk_sections.risk_assessments_compute(start=START, end=END, service_ids=_service_ids(re_referred))

    assert (data["caseload_at_end"], data["in_date"]) == (1, 0)


@pytest.mark.django_db
def test_it_counts_a_risk_assessment_agreed_since_the_current_episode_started(re_referred):
    RiskAssessment.objects.create(
        client=re_referred,
        number=2,
        review_reason="scheduled",
        review_due_on=date(2026, 10, 6),
        created_by=re_referred.created_by,
        agreed_by=re_referred.created_by,
        agreed_at=at(date(2026, 7, 6), 15),
    )

    data = risk_sections.risk_assessments_compute(start=START, end=END, service_ids=_service_ids(re_referred))

    assert data["in_date"] == 1
