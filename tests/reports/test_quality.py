"""The data-quality checks each app registers find the records that fall short, with a link."""

from __future__ import annotations

from datetime import date

import pytest

from clients.factories import ContactFactory
from clients.models import Contact, Episode
from plans.factories import PlanFactory
from recovery.accounts.factories import ServiceFactory, TeamFactory
from recovery.core.registries import DataQualityResult, data_quality_checks
from recovery.reports.quality import failing_checks, run_checks
from tests.reports.conftest import Q2, at


@pytest.fixture
def team(db):
    return TeamFactory(service=ServiceFactory())


def _find(key: str, team) -> DataQualityResult:
    return data_quality_checks.get(key).find(start=Q2.start, end=Q2.end, service_ids=[team.service_id], limit=5)


COMPLETE = {
    "disability": "no",
    "gender_reassignment": "prefer_not_to_say",
    "marital_status": "single",
    "pregnancy_maternity": "no",
    "ethnicity": "white_irish",
    "religion": "none",
    "sex": "female",
    "sexual_orientation": "bisexual",
}


@pytest.mark.django_db
def test_it_finds_people_supported_without_full_equality_monitoring(make_client, team):
    make_client(team, **COMPLETE)
    missing = make_client(team, **{**COMPLETE, "religion": ""})

    result = _find("equality_missing", team)

    assert result.count == 1
    assert result.examples[0].url == f"/clients/{missing.code}/edit/"


@pytest.mark.django_db
def test_it_counts_prefer_not_to_say_as_an_answer(make_client, team):
    make_client(team, **dict.fromkeys(COMPLETE, "prefer_not_to_say"))

    assert _find("equality_missing", team).count == 0


@pytest.mark.django_db
def test_it_finds_a_planned_move_on_without_a_destination(make_client, team):
    client = make_client(team, received_on=date(2026, 5, 1), started_on=date(2026, 5, 2))
    Episode.objects.filter(client=client).update(ended_on=date(2026, 8, 1), end_reason="planned_move_on")

    result = _find("episode_end_reason", team)

    assert result.count == 1
    assert "without a move-on destination" in result.examples[0].label


@pytest.mark.django_db
def test_it_finds_contacts_with_no_outcome(make_client, team):
    client = make_client(team)
    contact = ContactFactory(client=client, recorded_by=client.created_by, occurred_at=at(date(2026, 7, 5)))
    Contact.objects.filter(pk=contact.pk).update(outcome="")

    result = _find("contact_outcome", team)

    assert result.count == 1
    assert str(contact.code) in result.examples[0].url


@pytest.mark.django_db
def test_it_finds_people_past_the_plan_deadline_without_an_agreed_plan(make_client, team):
    late = make_client(team, received_on=date(2026, 5, 1), started_on=date(2026, 5, 2))
    make_client(team, received_on=date(2026, 9, 20), started_on=date(2026, 9, 21))  # still within 28 days

    result = _find("plan_review_date", team)

    assert result.count == 1
    assert result.examples[0].url == f"/clients/{late.code}/plans/"


@pytest.mark.django_db
def test_it_counts_an_agreed_plan_as_having_a_review_date(make_client, team):
    client = make_client(team, received_on=date(2026, 5, 1), started_on=date(2026, 5, 2))
    PlanFactory(client=client, episode=Episode.objects.get(client=client), agreed=True, agreed_on=date(2026, 5, 20))

    assert _find("plan_review_date", team).count == 0


@pytest.mark.django_db
def test_it_keeps_the_label_and_count_of_each_failing_check_for_the_report(make_client, team):
    make_client(team)  # no equality answers, and no plan 28 days after starting

    failing = failing_checks(start=Q2.start, end=Q2.end, service_ids=[team.service_id])

    assert [(item["key"], item["count"]) for item in failing] == [("equality_missing", 1), ("plan_review_date", 1)]


@pytest.mark.django_db
def test_it_shows_a_check_that_raised_as_not_checked(team, broken_check):
    outcome = next(
        item
        for item in run_checks(start=Q2.start, end=Q2.end, service_ids=[team.service_id])
        if item.key == "test_broken"
    )

    assert (outcome.passed, outcome.error) == (False, "RuntimeError")


@pytest.fixture
def broken_check():
    from recovery.core.registries import DataQualityCheck

    def find(**kwargs):
        raise RuntimeError("broken")

    entry = data_quality_checks.register(DataQualityCheck("test_broken", "Broken check", find))
    yield entry
    data_quality_checks.unregister(entry.key)
