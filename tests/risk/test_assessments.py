"""Risk assessments: versions, the rules for agreeing, review dates and "review now"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from risk import services
from risk.choices import ActionStatus, AreaStatus, PromptSource, ReviewReason
from risk.models import RiskAssessment, RiskSettings
from tests.risk.conftest import agree, fill_area, set_priority


def _review(client, by, reason=ReviewReason.SCHEDULED, detail=""):
    assessment, _ = services.assessment_start(client=client, by=by, review_reason=reason, review_reason_detail=detail)
    return assessment


# --- starting ------------------------------------------------------------------------------------


def test_it_starts_a_first_assessment_with_every_area_of_the_service_not_assessed(person, worker):
    assessment, created = services.assessment_start(client=person, by=worker)

    assert created
    assert (assessment.number, assessment.review_reason, assessment.is_draft) == (1, ReviewReason.FIRST, True)
    assert list(assessment.areas.values_list("key", "status")) == [
        ("suicide", "not_assessed"),
        ("self_harm", "not_assessed"),
        ("harm_to_others", "not_assessed"),
        ("self_neglect", "not_assessed"),
        ("exploitation", "not_assessed"),
        ("substance_use", "not_assessed"),
        ("physical_health", "not_assessed"),
        ("accommodation_loss", "not_assessed"),
    ]


def test_it_returns_the_draft_in_progress_instead_of_starting_a_second(person, worker, colleague):
    first, _ = services.assessment_start(client=person, by=worker)

    again, created = services.assessment_start(client=person, by=colleague)

    assert (again.pk, created) == (first.pk, False)
    assert RiskAssessment.objects.filter(client=person).count() == 1


def test_it_starts_a_review_as_a_new_version_holding_a_copy_of_the_current_one(person, worker, agreed_assessment):
    current = agreed_assessment(person, worker)

    review = _review(person, worker)

    suicide = review.areas.get(key="suicide")
    assert (review.number, review.previous_id, review.is_draft) == (2, current.pk, True)
    assert (suicide.status, suicide.history, suicide.persons_view) == (
        "concern",
        "Overdose in 2019.",
        "I just want the nights to be easier.",
    )
    assert list(review.actions.values_list("action", "area__key")) == [("Agree a crisis plan together.", "suicide")]


def test_it_leaves_the_agreed_version_as_it_was_when_the_review_changes(person, worker, agreed_assessment):
    current = agreed_assessment(person, worker)
    review = _review(person, worker)

    fill_area(review, "suicide", by=worker, current_concerns="No thoughts of ending her life this month.")

    assert current.areas.get(key="suicide").current_concerns == "Thoughts of not wanting to wake up on some nights."


def test_it_asks_why_a_review_is_happening(person, worker, agreed_assessment):
    agreed_assessment(person, worker)

    with pytest.raises(ValidationError) as error:
        services.assessment_start(client=person, by=worker, review_reason="")

    assert "review_reason" in error.value.message_dict


def test_it_asks_what_has_changed_for_a_review_after_a_change(person, worker, agreed_assessment):
    agreed_assessment(person, worker)

    with pytest.raises(ValidationError) as error:
        services.assessment_start(client=person, by=worker, review_reason=ReviewReason.CHANGE)

    assert error.value.message_dict["review_reason_detail"] == ["Say briefly what has changed."]


# --- agreed versions are read-only ------------------------------------------------------------


def test_it_refuses_to_change_an_area_of_an_agreed_version(person, worker, agreed_assessment):
    current = agreed_assessment(person, worker)
    area = current.areas.get(key="suicide")

    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.area_update(area=area, by=worker, expected_version=area.version, status=AreaStatus.NO_CURRENT_CONCERN)


def test_it_refuses_to_add_an_action_to_an_agreed_version(person, worker, agreed_assessment):
    current = agreed_assessment(person, worker)

    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.action_add(
            assessment=current, by=worker, action="Call weekly.", due_on=timezone.localdate(), owner=worker
        )


def test_it_lets_the_current_plans_actions_move_on(person, worker, agreed_assessment):
    action = agreed_assessment(person, worker).actions.get()

    updated = services.action_set_status(
        action=action, by=worker, expected_version=action.version, status=ActionStatus.DONE
    )

    assert (updated.status, updated.status_changed_by) == ("done", worker)


def test_it_refuses_to_move_on_an_action_of_an_earlier_version(person, worker, agreed_assessment):
    first = agreed_assessment(person, worker)
    review = _review(person, worker)
    agree(review, by=worker)
    old_action = first.actions.get()

    with pytest.raises(ValidationError, match="earlier version"):
        services.action_set_status(
            action=old_action, by=worker, expected_version=old_action.version, status=ActionStatus.DONE
        )


# --- agreeing --------------------------------------------------------------------------------------


def test_it_refuses_to_agree_with_a_concern_that_has_no_action_and_says_which_area(person, worker):
    assessment, _ = services.assessment_start(client=person, by=worker)
    fill_area(assessment, "substance_use", by=worker, current_concerns="Drinking most days after payday.")
    set_priority(assessment, by=worker)

    with pytest.raises(ValidationError) as error:
        agree(assessment, by=worker)

    assert error.value.message_dict == {
        "area_substance_use": [
            "Substance use is marked as a concern: add a management-plan action for it before agreeing."
        ]
    }


def test_it_does_not_count_an_action_that_is_no_longer_needed(person, worker):
    assessment, _ = services.assessment_start(client=person, by=worker)
    fill_area(assessment, "substance_use", by=worker)
    action = services.action_add(
        assessment=assessment,
        by=worker,
        action="Referral to the alcohol team.",
        due_on=timezone.localdate(),
        area=assessment.areas.get(key="substance_use"),
        owner=worker,
    )
    services.action_update(
        action=action,
        by=worker,
        expected_version=action.version,
        text=action.action,
        due_on=action.due_on,
        status=ActionStatus.NOT_NEEDED,
        area=action.area,
        owner=worker,
    )
    set_priority(assessment, by=worker)

    with pytest.raises(ValidationError) as error:
        agree(assessment, by=worker)

    assert "area_substance_use" in error.value.message_dict


def test_it_refuses_to_agree_without_a_review_priority(person, worker):
    assessment, _ = services.assessment_start(client=person, by=worker)
    fill_area(assessment, "self_harm", by=worker, status=AreaStatus.NO_CURRENT_CONCERN)

    with pytest.raises(ValidationError) as error:
        agree(assessment, by=worker)

    assert error.value.message_dict["review_priority"] == [
        "Choose a review priority: how soon the assessment should be looked at again."
    ]


def test_it_refuses_to_agree_when_nothing_was_assessed(person, worker):
    assessment, _ = services.assessment_start(client=person, by=worker)
    set_priority(assessment, by=worker)

    with pytest.raises(ValidationError) as error:
        agree(assessment, by=worker)

    assert error.value.message_dict["areas"] == ["Assess at least one area before agreeing the assessment."]


def test_it_asks_why_when_the_person_did_not_take_part(person, worker):
    assessment, _ = services.assessment_start(client=person, by=worker)
    fill_area(assessment, "self_harm", by=worker, status=AreaStatus.NO_CURRENT_CONCERN)
    set_priority(assessment, by=worker)

    with pytest.raises(ValidationError) as error:
        agree(assessment, by=worker, person_involvement="declined")

    assert "person_involvement_note" in error.value.message_dict


def test_it_refuses_a_concern_without_a_description(person, worker):
    assessment, _ = services.assessment_start(client=person, by=worker)
    area = assessment.areas.get(key="self_neglect")

    with pytest.raises(ValidationError) as error:
        services.area_update(area=area, by=worker, expected_version=area.version, status=AreaStatus.CONCERN)

    assert error.value.message_dict == {"current_concerns": ["Describe the current concern about self-neglect."]}


def test_it_sets_the_review_date_from_the_services_interval(person, worker, agreed_assessment, service):
    current = agreed_assessment(person, worker)

    assert current.review_due_on == timezone.localdate() + timedelta(days=service.risk_review_interval_days)


def test_it_accepts_an_earlier_review_date(person, worker):
    assessment, _ = services.assessment_start(client=person, by=worker)
    fill_area(assessment, "self_harm", by=worker, status=AreaStatus.NO_CURRENT_CONCERN)
    set_priority(assessment, by=worker)
    soon = timezone.localdate() + timedelta(days=14)

    assert agree(assessment, by=worker, review_due_on=soon).review_due_on == soon


def test_it_refuses_a_review_date_later_than_the_services_interval(person, worker, service):
    assessment, _ = services.assessment_start(client=person, by=worker)
    fill_area(assessment, "self_harm", by=worker, status=AreaStatus.NO_CURRENT_CONCERN)
    set_priority(assessment, by=worker)
    late = timezone.localdate() + timedelta(days=service.risk_review_interval_days + 1)

    with pytest.raises(ValidationError) as error:
        agree(assessment, by=worker, review_due_on=late)

    assert "at least every 91 days" in error.value.message_dict["review_due_on"][0]


def test_it_makes_the_agreed_review_the_only_current_version(person, worker, agreed_assessment):
    first = agreed_assessment(person, worker)
    review = agree(_review(person, worker), by=worker)

    first.refresh_from_db()
    assert (first.is_current, review.is_current) == (False, True)
    assert RiskAssessment.objects.filter(client=person, is_current=True).count() == 1


def test_it_asks_for_sign_off_when_the_service_wants_it(person, worker, service, agreed_assessment):
    settings = services.risk_settings_for(service=service)
    settings.sign_off_required = True
    settings.save()

    current = agreed_assessment(person, worker)

    assert (current.awaiting_sign_off, current.status_label) == (True, "Agreed, awaiting sign-off")


def test_it_records_the_team_leaders_sign_off(person, worker, team_leader, service, agreed_assessment):
    RiskSettings.objects.update_or_create(service=service, defaults={"sign_off_required": True})
    current = agreed_assessment(person, worker)

    signed = services.assessment_sign_off(assessment=current, by=team_leader, expected_version=current.version)

    assert (signed.awaiting_sign_off, signed.signed_off_by) == (False, team_leader)


# --- "review now" ---------------------------------------------------------------------------------


def test_it_records_a_review_asked_for_from_a_contact(person, worker, log_contact):
    contact = log_contact(person, worker)

    prompt = services.review_prompt_raise(
        client=person, by=worker, reason="Told me she has been evicted.", source=PromptSource.CONTACT, contact=contact
    )

    assert (prompt.contact, prompt.resolved_at) == (contact, None)


def test_it_lets_another_app_ask_for_a_review_after_an_outcome_reading(person, worker):
    prompt = services.review_prompt_raise(
        client=person, by=worker, reason="PHQ-9 item 9 answered 'several days'.", source=PromptSource.OUTCOME
    )

    assert prompt.get_source_display() == "An outcome measure reading"


def test_it_refuses_a_contact_that_belongs_to_someone_else(person, worker, make_open_client, team, log_contact):
    other = make_open_client(worker, team)
    contact = log_contact(other, worker)

    with pytest.raises(ValidationError) as error:
        services.review_prompt_raise(client=person, by=worker, reason="Changed.", source="contact", contact=contact)

    assert "contact" in error.value.message_dict


def test_it_settles_the_reviews_asked_for_when_the_next_version_is_agreed(person, worker, agreed_assessment):
    agreed_assessment(person, worker)
    prompt = services.review_prompt_raise(client=person, by=worker, reason="Moved flat.", source="other")
    review = agree(_review(person, worker), by=worker)

    prompt.refresh_from_db()
    assert (prompt.resolved_by, prompt.resolved_at is not None) == (review, True)
