"""What risk feeds the core registries: caseload flags (alerts shown on the header, caseloads and
registers), next due dates, reminders and timeline entries."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recovery.core.registries import caseload_flags, client_due_date_sources, due_items, merged_timeline
from risk import services
from risk.selectors import registries as sources
from tests.risk.conftest import agree


def _flag_labels(client) -> list[str]:
    return [flag.label for flag in caseload_flags(client_ids=[client.pk])[client.pk]]


def _later(days: int):
    return time_machine.travel(timezone.now() + timedelta(days=days))


# --- alerts on the header, the caseload and registers ---------------------------------------------


def test_it_shows_an_alert_in_the_client_header(person, worker, client_for):
    services.alert_set(client=person, by=worker, alert_type="visit_in_pairs", starts_on=timezone.localdate())

    response = client_for(worker).get(reverse("clients:detail", args=[person.code]))

    assert ("Visit in pairs", "danger") in [(flag.label, flag.severity) for flag in response.context["header"].flags]
    assert "Visit in pairs" in response.content.decode()


def test_it_shows_an_alert_on_the_workers_caseload(person, worker, client_for):
    services.alert_set(
        client=person,
        by=worker,
        alert_type="do_not_contact",
        text="Do not contact ex-partner",
        starts_on=timezone.localdate(),
    )

    response = client_for(worker).get(reverse("clients:caseload"))

    [row] = response.context["rows"]
    assert [(flag.label, flag.severity) for flag in row.flags if flag.key == "alert"] == [
        ("Do not contact ex-partner", "warning")
    ]
    assert "Do not contact ex-partner" in response.content.decode()


def test_it_gives_registers_the_alerts_through_the_flag_registry(person, worker):
    """The activity register (activities app) shows caseload_flags for each person on it."""
    services.alert_set(
        client=person, by=worker, alert_type="allergy", text="Allergy: penicillin", starts_on=timezone.localdate()
    )

    assert "Allergy: penicillin" in _flag_labels(person)


def test_it_puts_the_most_important_alert_first(person, worker):
    services.alert_set(client=person, by=worker, alert_type="animals", starts_on=timezone.localdate())
    services.alert_set(client=person, by=worker, alert_type="visit_in_pairs", starts_on=timezone.localdate())

    alerts = [flag for flag in caseload_flags(client_ids=[person.pk])[person.pk] if flag.key == "alert"]

    assert [flag.label for flag in alerts] == ["Visit in pairs", "Animals at the property"]


def test_it_stops_showing_an_ended_alert(person, worker):
    alert = services.alert_set(client=person, by=worker, alert_type="visit_in_pairs", starts_on=timezone.localdate())
    services.alert_end(alert=alert, by=worker, reason="No longer needed.")

    assert "Visit in pairs" not in _flag_labels(person)


def test_it_does_not_show_an_alert_before_it_starts(person, worker):
    services.alert_set(
        client=person, by=worker, alert_type="visit_in_pairs", starts_on=timezone.localdate() + timedelta(days=3)
    )

    assert "Visit in pairs" not in _flag_labels(person)


def test_it_stops_showing_an_alert_after_its_end_date(person, worker):
    services.alert_set(
        client=person,
        by=worker,
        alert_type="visit_in_pairs",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=1),
    )

    with _later(3):
        assert "Visit in pairs" not in _flag_labels(person)


def test_it_refuses_an_alert_longer_than_a_badge(person, worker):
    with pytest.raises(ValidationError) as error:
        services.alert_set(client=person, by=worker, alert_type="other", text="x" * 81, starts_on=timezone.localdate())

    assert "80 characters" in error.value.message_dict["text"][0]


# --- risk flags --------------------------------------------------------------------------------


def test_it_flags_an_open_client_with_no_risk_assessment(person):
    assert "No in-date risk assessment" in _flag_labels(person)


def test_it_does_not_flag_a_client_with_a_current_assessment(person, worker, agreed_assessment):
    agreed_assessment(person, worker)

    assert not {"No in-date risk assessment", "Risk review overdue"} & set(_flag_labels(person))


def test_it_flags_a_review_that_is_overdue(person, worker, agreed_assessment, service):
    agreed_assessment(person, worker)

    with _later(service.risk_review_interval_days + 1):
        assert "Risk review overdue" in _flag_labels(person)


def test_it_flags_urgent_review_priority_in_those_words(person, worker, agreed_assessment):
    agreed_assessment(person, worker, priority="urgent")

    assert "Review priority: urgent" in _flag_labels(person)


def test_it_flags_an_open_safeguarding_concern(person, worker, raise_concern):
    raise_concern(person, worker)

    [flag] = [flag for flag in caseload_flags(client_ids=[person.pk])[person.pk] if flag.key == "safeguarding"]
    assert (flag.label, flag.severity) == ("Open safeguarding concern", "danger")


def test_it_flags_a_review_asked_for(person, worker, agreed_assessment):
    agreed_assessment(person, worker)
    services.review_prompt_raise(client=person, by=worker, reason="Evicted.", source="other")

    assert "Risk review asked for" in _flag_labels(person)


@pytest.mark.parametrize("source", [sources.alert_flags, sources.risk_flags, sources.next_risk_review])
def test_it_runs_one_query_per_source_for_any_number_of_clients(source, worker, team, make_open_client):
    ids = [make_open_client(worker, team).pk for _ in range(10)]

    with CaptureQueriesContext(connection) as one:
        source(client_ids=ids[:1])
    with CaptureQueriesContext(connection) as ten:
        source(client_ids=ids)

    assert len(one) == len(ten) == 1


# --- next due date -------------------------------------------------------------------------------


def test_it_gives_the_risk_review_as_the_next_due_date(person, worker, agreed_assessment):
    current = agreed_assessment(person, worker)

    due = sources.next_risk_review(client_ids=[person.pk])[person.pk]

    assert (due.label, due.due_on) == ("Risk review", current.review_due_on)


def test_it_offers_the_risk_review_to_the_caseloads_next_due_column():
    assert client_due_date_sources.get("risk_review").next_due_for is sources.next_risk_review


def test_it_brings_the_due_date_forward_when_a_review_is_asked_for(person, worker, agreed_assessment):
    agreed_assessment(person, worker)
    services.review_prompt_raise(client=person, by=worker, reason="Evicted.", source="other")

    due = sources.next_risk_review(client_ids=[person.pk])[person.pk]

    assert (due.label, due.due_on) == ("Risk review (asked for)", timezone.localdate())


# --- reminders -----------------------------------------------------------------------------------


def _due(source: str, *, days_ahead: int = 0) -> list:
    today = timezone.localdate()
    return [item for key, item in due_items(today=today, until=today + timedelta(days=days_ahead), sources=[source])]


def test_it_reminds_the_lead_worker_of_a_risk_review(person, worker, agreed_assessment, service):
    current = agreed_assessment(person, worker)

    [item] = _due("risk_review", days_ahead=service.risk_review_interval_days)

    assert (item.item_key, item.due_on, item.responsible_user_id, item.client_code) == (
        str(current.code),
        current.review_due_on,
        worker.pk,
        person.code,
    )


def test_it_reminds_about_a_first_assessment_from_the_day_support_started(person):
    [item] = _due("risk_review")

    assert item.title == f"First risk assessment for {person.display_name}"


def test_it_reminds_the_owner_of_a_management_plan_action(person, worker, agreed_assessment):
    action = agreed_assessment(person, worker).actions.get()

    [item] = _due("risk_action", days_ahead=14)

    assert (item.item_key, item.responsible_user_id, item.due_on) == (str(action.code), worker.pk, action.due_on)


def test_it_stops_reminding_about_a_done_action(person, worker, agreed_assessment):
    action = agreed_assessment(person, worker).actions.get()
    services.action_set_status(action=action, by=worker, expected_version=action.version, status="done")

    assert _due("risk_action", days_ahead=14) == []


def test_it_reminds_about_safeguarding_follow_up_after_the_services_days(person, worker, raise_concern):
    concern = raise_concern(person, worker)

    assert _due("safeguarding_follow_up") == []
    with _later(7):
        [item] = _due("safeguarding_follow_up")
    assert item.item_key == str(concern.code)
    assert person.first_name not in item.title  # reminders may go by e-mail: no names


def test_it_stops_the_follow_up_once_the_local_authority_decided(person, worker, raise_concern):
    concern = raise_concern(person, worker)
    services.concern_update_referrals(
        concern=concern, by=worker, expected_version=concern.version, la_referral="referred",
        la_referred_on=timezone.localdate(), la_decision="nfa", la_decision_on=timezone.localdate(),
    )  # fmt: skip

    with _later(10):
        assert _due("safeguarding_follow_up") == []


def test_it_reminds_about_an_alert_review(person, worker):
    alert = services.alert_set(
        client=person, by=worker, alert_type="visit_in_pairs", starts_on=timezone.localdate(),
        review_on=timezone.localdate() + timedelta(days=5),
    )  # fmt: skip

    [item] = _due("risk_alert_review", days_ahead=5)

    assert item.item_key == str(alert.code)


# --- timeline --------------------------------------------------------------------------------------


def test_it_puts_risk_events_on_the_timeline(person, worker, agreed_assessment, raise_concern):
    agreed_assessment(person, worker)
    services.alert_set(client=person, by=worker, alert_type="visit_in_pairs", starts_on=timezone.localdate())
    raise_concern(person, worker)

    titles = [entry.title for entry in merged_timeline(client=person) if entry.source == "risk"]

    assert titles == ["Safeguarding concern raised", "Alert set: Visit in pairs", "Risk assessment agreed"]


def test_it_builds_the_timeline_in_one_query_honouring_before_and_limit(person, worker, agreed_assessment):
    agreed_assessment(person, worker)
    for number in range(5):
        services.alert_set(
            client=person, by=worker, alert_type="other", text=f"Alert {number}", starts_on=timezone.localdate()
        )
    newest_first = sources.risk_timeline_entries(client=person, before=None, limit=50)

    with CaptureQueriesContext(connection) as queries:
        page = sources.risk_timeline_entries(client=person, before=newest_first[1].occurred_at, limit=2)

    assert len(queries) == 1
    assert [entry.entry_id for entry in page] == [entry.entry_id for entry in newest_first[1:3]]


def test_it_calls_a_review_a_review_on_the_timeline(person, worker, agreed_assessment):
    agreed_assessment(person, worker)
    agree(services.assessment_start(client=person, by=worker, review_reason="scheduled")[0], by=worker)

    entry = sources.risk_timeline_entries(client=person, before=None, limit=1)[0]

    assert (entry.title, entry.summary) == (
        "Risk assessment reviewed",
        "Version 2 · Scheduled review · Review priority: routine",
    )
