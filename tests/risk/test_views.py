"""The risk pages as a worker and a team leader use them: happy paths, errors beside the right
field, comparison, and query counts that do not grow with the number of rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role
from risk import services
from risk.choices import AreaStatus, ReviewReason
from risk.models import (
    Alert,
    Escalation,
    ManagementAction,
    ReviewPrompt,
    RiskAssessment,
    RiskSettings,
    SafeguardingConcern,
)
from tests.risk.conftest import agree, fill_area

TEAM_LIST_BUDGET = 20


def _date(days: int = 0) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _risk_tab(client) -> str:
    return reverse("risk:client_risk", args=[client.code])


# --- the Risk and safety tab ----------------------------------------------------------------------


def test_it_shows_the_risk_tab_on_the_client_page(person, worker, client_for):
    body = client_for(worker).get(reverse("clients:detail", args=[person.code])).content.decode()

    assert f'href="{_risk_tab(person)}"' in body
    assert "Risk and safety" in body


def test_it_offers_to_start_the_first_assessment(person, worker, client_for):
    body = client_for(worker).get(_risk_tab(person)).content.decode()

    assert "There is no risk assessment yet." in body
    assert reverse("risk:assessment_start", args=[person.code]) in body


def test_it_shows_the_current_assessment_with_its_review_priority(person, worker, agreed_assessment, client_for):
    agreed_assessment(person, worker, priority="urgent")

    body = client_for(worker).get(_risk_tab(person)).content.decode()

    assert "Review priority: urgent" in body
    assert "Low mood since a bereavement; nights are hardest." in body


# --- starting, editing and agreeing through the pages ----------------------------------------------


def test_it_starts_the_first_assessment_from_the_page(person, worker, client_for):
    response = client_for(worker).post(reverse("risk:assessment_start", args=[person.code]))

    draft = RiskAssessment.objects.get(client=person)
    assert response.status_code == 302
    assert response["Location"] == reverse("risk:assessment_detail", args=[person.code, draft.code])


def test_it_starts_a_review_with_its_reason(person, worker, agreed_assessment, client_for):
    agreed_assessment(person, worker)

    client_for(worker).post(
        reverse("risk:assessment_start", args=[person.code]),
        {"review_reason": "change", "review_reason_detail": "Told me she has been given notice on her flat."},
    )

    review = RiskAssessment.objects.get(client=person, number=2)
    assert (review.review_reason, review.review_reason_detail) == (
        "change",
        "Told me she has been given notice on her flat.",
    )


def test_it_shows_the_reason_needed_beside_the_field(person, worker, agreed_assessment, client_for):
    agreed_assessment(person, worker)

    response = client_for(worker).post(
        reverse("risk:assessment_start", args=[person.code]), {"review_reason": "change"}
    )

    assert response.status_code == 422
    assert response.context["form"].errors["review_reason_detail"] == ["Say briefly what has changed."]


def test_it_saves_an_area_from_its_page(person, worker, client_for):
    draft, _ = services.assessment_start(client=person, by=worker)
    area = draft.areas.get(key="exploitation")

    response = client_for(worker).post(
        reverse("risk:area_edit", args=[person.code, draft.code, "exploitation"]),
        {
            "version": area.version,
            "status": "concern",
            "current_concerns": "Two men have been staying at her flat.",
            "persons_view": "They're my mates but I don't like them staying.",
        },
    )

    area.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"].endswith("#area-exploitation")
    assert (area.status, area.persons_view) == ("concern", "They're my mates but I don't like them staying.")


def test_it_adds_an_action_for_an_area(person, worker, client_for):
    draft, _ = services.assessment_start(client=person, by=worker)
    area = draft.areas.get(key="exploitation")

    client_for(worker).post(
        reverse("risk:action_create", args=[person.code, draft.code]),
        {
            "version": 1,
            "action": "Talk to the neighbourhood police team, with her agreement.",
            "area": area.pk,
            "owner": worker.pk,
            "due_on": _date(7),
            "status": "to_do",
        },
    )

    assert list(ManagementAction.objects.values_list("area__key", "owner", "due_on")) == [
        ("exploitation", worker.pk, timezone.localdate() + timedelta(days=7))
    ]


def test_it_asks_who_will_do_an_action(person, worker, client_for):
    draft, _ = services.assessment_start(client=person, by=worker)

    response = client_for(worker).post(
        reverse("risk:action_create", args=[person.code, draft.code]),
        {"version": 1, "action": "Weekly call.", "due_on": _date(7), "status": "to_do"},
    )

    assert response.status_code == 422
    assert response.context["form"].errors["owner"] == [
        "Say who will do it: choose a member of staff or name someone else."
    ]


def test_it_changes_an_action_of_the_draft(person, worker, agreed_assessment, client_for):
    agreed_assessment(person, worker)
    draft, _ = services.assessment_start(client=person, by=worker, review_reason=ReviewReason.SCHEDULED)
    action = draft.actions.get()

    client_for(worker).post(
        reverse("risk:action_edit", args=[person.code, draft.code, action.code]),
        {
            "version": action.version,
            "action": "Agree a crisis plan together, and give a copy to her daughter.",
            "owner_other": "Amara and her daughter",
            "due_on": _date(10),
            "status": "in_progress",
        },
    )

    action.refresh_from_db()
    assert (action.owner_other, action.status) == ("Amara and her daughter", "in_progress")


def test_it_moves_an_action_of_the_current_plan_on(person, worker, agreed_assessment, client_for):
    current = agreed_assessment(person, worker)
    action = current.actions.get()

    response = client_for(worker).post(
        reverse("risk:action_status", args=[person.code, current.code, action.code]),
        {"version": action.version, "status": "done"},
    )

    action.refresh_from_db()
    assert response.status_code == 302
    assert action.status == "done"


def test_it_agrees_the_assessment_from_the_page(person, worker, client_for):
    draft, _ = services.assessment_start(client=person, by=worker)
    fill_area(draft, "self_harm", by=worker, status=AreaStatus.NO_CURRENT_CONCERN)
    draft.refresh_from_db()
    services.assessment_update(
        assessment=draft, by=worker, expected_version=draft.version, review_priority="routine", summary="Settled."
    )
    draft.refresh_from_db()

    response = client_for(worker).post(
        reverse("risk:assessment_agree", args=[person.code, draft.code]),
        {"version": draft.version, "person_involvement": "together"},
    )

    draft.refresh_from_db()
    assert response.status_code == 302
    assert (draft.is_current, draft.agreed_by) == (True, worker)


def test_it_shows_the_missing_action_next_to_the_area_when_agreeing(person, worker, client_for):
    draft, _ = services.assessment_start(client=person, by=worker)
    fill_area(draft, "substance_use", by=worker, current_concerns="Drinking most days after payday.")
    draft.refresh_from_db()
    services.assessment_update(
        assessment=draft, by=worker, expected_version=draft.version, review_priority="soon", summary=""
    )
    draft.refresh_from_db()

    response = client_for(worker).post(
        reverse("risk:assessment_agree", args=[person.code, draft.code]),
        {"version": draft.version, "person_involvement": "together"},
    )

    assert response.status_code == 422
    [substance_use] = [item for item in response.context["areas"] if item["area"].key == "substance_use"]
    assert substance_use["errors"] == [
        "Substance use is marked as a concern: add a management-plan action for it before agreeing."
    ]
    assert 'id="agree-area-substance_use"' in response.content.decode()
    assert RiskAssessment.objects.get(pk=draft.pk).is_draft


def test_it_keeps_an_agreed_version_read_only_on_its_edit_page(person, worker, agreed_assessment, client_for):
    current = agreed_assessment(person, worker)

    response = client_for(worker).get(reverse("risk:area_edit", args=[person.code, current.code, "suicide"]))

    assert response.status_code == 302
    assert response["Location"] == reverse("risk:assessment_detail", args=[person.code, current.code])


def test_it_lets_the_team_leader_sign_off(person, worker, team_leader, service, agreed_assessment, client_for):
    RiskSettings.objects.update_or_create(service=service, defaults={"sign_off_required": True})
    current = agreed_assessment(person, worker)

    client_for(team_leader).post(
        reverse("risk:assessment_sign_off", args=[person.code, current.code]), {"version": current.version}
    )

    current.refresh_from_db()
    assert current.signed_off_by == team_leader


def test_it_refuses_sign_off_by_a_worker(person, worker, agreed_assessment, client_for):
    current = agreed_assessment(person, worker)

    response = client_for(worker).post(
        reverse("risk:assessment_sign_off", args=[person.code, current.code]), {"version": current.version}
    )

    assert response.status_code == 403


def test_it_asks_for_a_review_from_a_contact(person, worker, log_contact, client_for):
    contact = log_contact(person, worker)

    response = client_for(worker).post(
        reverse("risk:review_request", args=[person.code]),
        {"reason": "Told me she has been evicted.", "contact": contact.code},
    )

    assert response["Location"] == reverse("clients:contact_detail", args=[person.code, contact.code])
    assert ReviewPrompt.objects.get(client=person).contact == contact


# --- comparing versions ---------------------------------------------------------------------------------


def test_it_compares_two_versions_side_by_side_and_marks_what_changed(person, worker, agreed_assessment, client_for):
    agreed_assessment(person, worker)
    review, _ = services.assessment_start(client=person, by=worker, review_reason=ReviewReason.SCHEDULED)
    fill_area(review, "suicide", by=worker, current_concerns="No thoughts of ending her life this month.")
    agree(review, by=worker)

    response = client_for(worker).get(reverse("risk:assessment_compare", args=[person.code]))

    comparison = response.context["comparison"]
    suicide = next(area for area in comparison["areas"] if area.key == "suicide")
    changed = [field.label for field in suicide.fields if field.changed]
    assert (comparison["older"].number, comparison["newer"].number) == (1, 2)
    assert changed == ["Current concerns"]
    body = response.content.decode()
    assert "Thoughts of not wanting to wake up on some nights." in body
    assert "No thoughts of ending her life this month." in body


def test_it_shows_an_unchanged_area_as_no_change(person, worker, agreed_assessment, client_for):
    agreed_assessment(person, worker)
    agree(services.assessment_start(client=person, by=worker, review_reason=ReviewReason.SCHEDULED)[0], by=worker)

    response = client_for(worker).get(reverse("risk:assessment_compare", args=[person.code]))

    self_harm = next(area for area in response.context["comparison"]["areas"] if area.key == "self_harm")
    assert not self_harm.changed


def test_it_compares_the_versions_chosen(person, worker, agreed_assessment, client_for):
    first = agreed_assessment(person, worker)
    agree(services.assessment_start(client=person, by=worker, review_reason=ReviewReason.SCHEDULED)[0], by=worker)
    third = agree(
        services.assessment_start(client=person, by=worker, review_reason=ReviewReason.SCHEDULED)[0], by=worker
    )

    response = client_for(worker).get(
        reverse("risk:assessment_compare", args=[person.code]), {"older": first.code, "newer": third.code}
    )

    assert (response.context["comparison"]["older"].number, response.context["comparison"]["newer"].number) == (1, 3)


# --- alerts, concerns, escalations through the pages ------------------------------------------------------


def test_it_sets_an_alert_from_the_page(person, worker, client_for):
    client_for(worker).post(
        reverse("risk:alert_create", args=[person.code]),
        {"alert_type": "visit_in_pairs", "starts_on": _date(), "review_on": _date(30)},
    )

    alert = Alert.objects.get(client=person)
    assert (alert.text, alert.severity, alert.set_by) == ("Visit in pairs", "danger", worker)


def test_it_changes_an_alerts_review_date(person, worker, client_for):
    alert = services.alert_set(client=person, by=worker, alert_type="allergy", starts_on=timezone.localdate())

    client_for(worker).post(
        reverse("risk:alert_edit", args=[person.code, alert.code]),
        {"version": alert.version, "text": "Allergy: penicillin", "review_on": _date(60)},
    )

    alert.refresh_from_db()
    assert (alert.text, alert.review_on) == ("Allergy: penicillin", timezone.localdate() + timedelta(days=60))


def test_it_ends_an_alert_with_a_reason(person, worker, client_for):
    alert = services.alert_set(client=person, by=worker, alert_type="visit_in_pairs", starts_on=timezone.localdate())

    client_for(worker).post(
        reverse("risk:alert_end", args=[person.code, alert.code]), {"reason": "Visitor moved away."}
    )

    alert.refresh_from_db()
    assert (alert.ended_by, alert.end_reason) == (worker, "Visitor moved away.")


def test_it_raises_a_concern_from_a_contact(person, worker, log_contact, client_for):
    contact = log_contact(person, worker)

    response = client_for(worker).post(
        reverse("risk:concern_create", args=[person.code]) + f"?contact={contact.code}",
        {
            "contact": contact.code,
            "categories": ["financial"],
            "what_happened": "Two men staying at the flat took her bank card.",
            "who_is_at_risk": "Amara.",
            "children_in_household": "no",
            "other_adults_in_household": "no",
            "referral_consent": "agreed",
            "immediate_actions": "Rang the bank to stop the card.",
            "raised_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )

    concern = SafeguardingConcern.objects.get(client=person)
    assert concern.contact == contact
    assert response["Location"] == reverse("risk:concern_detail", args=[person.code, concern.code])


def test_it_refuses_a_concern_raised_in_the_future_with_a_clear_message(person, worker, client_for):
    response = client_for(worker).post(
        reverse("risk:concern_create", args=[person.code]),
        {
            "categories": ["neglect"],
            "what_happened": "No food in the flat.",
            "who_is_at_risk": "Amara.",
            "children_in_household": "no",
            "other_adults_in_household": "no",
            "referral_consent": "not_asked",
            "immediate_actions": "Food bank voucher.",
            "raised_at": (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )

    assert response.status_code == 422
    assert response.context["form"].errors["raised_at"] == [
        "Enter a date and time that is not in the future: this records something that has already happened."
    ]
    assert "No food in the flat." in response.content.decode()  # nothing typed is lost


def test_it_records_referrals_from_the_page(person, worker, raise_concern, client_for):
    concern = raise_concern(person, worker)

    client_for(worker).post(
        reverse("risk:concern_referrals", args=[person.code, concern.code]),
        {"version": concern.version, "la_referral": "referred", "la_referred_on": _date(), "la_reference": "ASC-1"},
    )

    concern.refresh_from_db()
    assert (concern.la_referral, concern.la_reference) == ("referred", "ASC-1")


def test_it_adds_a_decision_to_the_concern(person, worker, raise_concern, client_for):
    concern = raise_concern(person, worker)

    client_for(worker).post(
        reverse("risk:concern_update_add", args=[person.code, concern.code]),
        {"note": "Strategy discussion held; she will stay with her aunt this week."},
    )

    assert concern.updates.get().note == "Strategy discussion held; she will stay with her aunt this week."


def test_it_lets_the_team_leader_close_a_concern(person, worker, team_leader, raise_concern, client_for):
    concern = raise_concern(person, worker)
    services.concern_update_referrals(
        concern=concern, by=worker, expected_version=concern.version, la_referral="not_referred",
        la_not_referred_reason="Agreed with the team leader: she asked us not to.",
    )  # fmt: skip
    concern.refresh_from_db()

    client_for(team_leader).post(
        reverse("risk:concern_close", args=[person.code, concern.code]),
        {"version": concern.version, "closure_reason": "resolved", "outcome": "Visitors stopped; card replaced."},
    )

    concern.refresh_from_db()
    assert (concern.is_open, concern.outcome) == (False, "Visitors stopped; card replaced.")


def test_it_shows_why_a_concern_cannot_be_closed_without_an_outcome(
    person, worker, team_leader, raise_concern, client_for
):
    concern = raise_concern(person, worker)

    response = client_for(team_leader).post(
        reverse("risk:concern_close", args=[person.code, concern.code]),
        {"version": concern.version, "closure_reason": "resolved", "outcome": ""},
    )

    assert response.status_code == 422
    assert SafeguardingConcern.objects.get(pk=concern.pk).is_open


def test_it_logs_an_escalation_from_a_contact(person, worker, log_contact, client_for):
    contact = log_contact(person, worker)

    response = client_for(worker).post(
        reverse("risk:escalation_create", args=[person.code, contact.code]),
        {
            "escalated_to": "crisis_team",
            "escalated_to_detail": "Northgate crisis team",
            "escalated_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "reason": "Said she had taken more tablets than prescribed.",
            "outcome": "Crisis team visited within the hour.",
        },
    )

    escalation = Escalation.objects.get()
    assert (escalation.contact, escalation.client) == (contact, person)
    assert response["Location"] == reverse("clients:contact_detail", args=[person.code, contact.code])
    assert ReviewPrompt.objects.get(client=person).source == "escalation"


def test_it_shows_the_escalations_and_links_on_the_contact_page(person, worker, log_contact, client_for):
    contact = log_contact(person, worker)
    services.escalation_log(
        contact=contact,
        by=worker,
        escalated_to="on_call",
        escalated_at=timezone.now(),
        reason="Visitor would not leave.",
        outcome="Left the flat as agreed.",
    )

    body = client_for(worker).get(reverse("clients:contact_detail", args=[person.code, contact.code])).content.decode()

    assert "Visitor would not leave." in body
    assert f"{reverse('risk:concern_create', args=[person.code])}?contact={contact.code}" in body
    assert reverse("risk:escalation_create", args=[person.code, contact.code]) in body


def test_it_refuses_an_escalation_in_the_future(person, worker, log_contact):
    contact = log_contact(person, worker)

    with pytest.raises(ValidationError) as error:
        services.escalation_log(
            contact=contact,
            by=worker,
            escalated_to="police",
            escalated_at=timezone.now() + timedelta(hours=2),
            reason="Threats from a neighbour.",
            outcome="Police to visit.",
        )

    assert error.value.message_dict["escalated_at"] == [
        "Enter a date and time that is not in the future: this records something that has already happened."
    ]


# --- team leader's lists -----------------------------------------------------------------------------------


def test_it_lists_open_concerns_in_the_team_leaders_teams_only(
    person, worker, team_leader, raise_concern, make_open_client, other_team_same_service, client_for
):
    mine = raise_concern(person, worker)
    elsewhere_worker = staff_with_role(Role.WORKER, team=other_team_same_service)
    raise_concern(make_open_client(elsewhere_worker, other_team_same_service), elsewhere_worker)

    response = client_for(team_leader).get(reverse("risk:safeguarding_open"))

    assert list(response.context["concerns"]) == [mine]


def test_it_leaves_closed_concerns_off_the_open_list(person, worker, team_leader, raise_concern, client_for):
    concern = raise_concern(person, worker)
    services.concern_update_referrals(
        concern=concern, by=worker, expected_version=concern.version, la_referral="not_referred",
        la_not_referred_reason="She asked us not to.",
    )  # fmt: skip
    concern.refresh_from_db()
    services.concern_close(
        concern=concern, by=team_leader, expected_version=concern.version, closure_reason="resolved", outcome="Done."
    )

    assert list(client_for(team_leader).get(reverse("risk:safeguarding_open")).context["concerns"]) == []


def test_it_lists_overdue_reviews_and_clients_with_no_assessment(
    person, worker, team_leader, agreed_assessment, make_open_client, team, client_for
):
    agreed_assessment(person, worker)
    never_assessed = make_open_client(worker, team)
    RiskAssessment.objects.filter(client=person).update(review_due_on=timezone.localdate() - timedelta(days=3))

    response = client_for(team_leader).get(reverse("risk:reviews_overdue"))

    assert [client.pk for client in response.context["clients"]] == [never_assessed.pk, person.pk]


def test_it_leaves_in_date_assessments_off_the_overdue_list(person, worker, team_leader, agreed_assessment, client_for):
    agreed_assessment(person, worker)

    assert list(client_for(team_leader).get(reverse("risk:reviews_overdue")).context["clients"]) == []


def _count(http, url) -> int:
    http.get(url)  # warm: session, caches
    with CaptureQueriesContext(connection) as queries:
        assert http.get(url).status_code == 200
    return len(queries)


def test_it_lists_open_concerns_in_the_same_number_of_queries_for_1_and_10(
    worker, team_leader, team, make_open_client, raise_concern, client_for
):
    http = client_for(team_leader)
    url = reverse("risk:safeguarding_open")
    raise_concern(make_open_client(worker, team), worker)
    one = _count(http, url)
    for _ in range(9):
        raise_concern(make_open_client(worker, team), worker)

    assert _count(http, url) == one <= TEAM_LIST_BUDGET


def test_it_lists_overdue_reviews_in_the_same_number_of_queries_for_1_and_10(
    worker, team_leader, team, make_open_client, client_for
):
    http = client_for(team_leader)
    url = reverse("risk:reviews_overdue")
    make_open_client(worker, team)
    one = _count(http, url)
    for _ in range(9):
        make_open_client(worker, team)

    assert _count(http, url) == one <= TEAM_LIST_BUDGET


def test_it_shows_the_risk_tab_in_the_same_number_of_queries_whatever_is_on_it(
    person, worker, agreed_assessment, raise_concern, log_contact, client_for
):
    http = client_for(worker)
    url = _risk_tab(person)

    def add_one_of_each(number: int) -> None:
        draft, _ = services.assessment_start(client=person, by=worker, review_reason=ReviewReason.SCHEDULED)
        agree(draft, by=worker)
        services.alert_set(
            client=person, by=worker, alert_type="allergy", text=f"Allergy {number}", starts_on=timezone.localdate()
        )
        raise_concern(person, worker)
        services.escalation_log(
            contact=log_contact(person, worker), by=worker, escalated_to="gp", escalated_at=timezone.now(),
            reason="Chest pain.", outcome="GP saw him the same day.",
        )  # fmt: skip

    agreed_assessment(person, worker)
    add_one_of_each(0)
    one = _count(http, url)
    for number in range(1, 4):
        add_one_of_each(number)

    assert _count(http, url) == one


def test_it_shows_an_assessment_in_the_same_number_of_queries_whatever_its_plan(
    person, worker, agreed_assessment, client_for
):
    http = client_for(worker)
    draft, _ = services.assessment_start(client=person, by=worker)
    url = reverse("risk:assessment_detail", args=[person.code, draft.code])
    services.action_add(assessment=draft, by=worker, action="First.", due_on=timezone.localdate(), owner=worker)
    one = _count(http, url)
    for number in range(9):
        services.action_add(
            assessment=draft, by=worker, action=f"Step {number}.", due_on=timezone.localdate(), owner=worker
        )

    assert _count(http, url) == one
