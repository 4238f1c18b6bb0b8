"""Co-production and sign-off: how the client agreed (typed name, verbally, declined with a reason),
who wrote each part, and team leader sign-off where the service asks for it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans import services
from plans.choices import Agreement, PlanStatus
from plans.models import Plan
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role


@pytest.fixture
def sign_off_required(service, manager):
    services.plan_settings_update(
        service=service,
        by=manager,
        early_warning_threshold=3,
        early_warning_window_days=14,
        sign_off_required=True,
        life_areas=["Everyday living skills", "Physical health"],
        crisis_contacts=[{"name": "Samaritans", "phone": "116 123", "detail": ""}],
    )


def _agree_page(client_record, plan) -> str:
    return reverse("plans:plan_agree", args=[client_record.code, plan.code])


def test_it_keeps_the_name_the_client_typed_to_sign(draft_plan, agree, worker):
    plan = agree(draft_plan(), worker, agreement=Agreement.SIGNED, client_typed_name="Carys Hughes")

    assert (plan.agreement, plan.client_typed_name) == (Agreement.SIGNED, "Carys Hughes")


def test_it_refuses_a_signature_without_a_typed_name(draft_plan, agree, worker):
    with pytest.raises(ValidationError) as error:
        agree(draft_plan(), worker, agreement=Agreement.SIGNED, client_typed_name="  ")

    assert "client_typed_name" in error.value.message_dict


def test_it_records_a_plan_agreed_verbally_without_a_name(draft_plan, agree, worker):
    plan = agree(draft_plan(), worker, agreement=Agreement.VERBAL, client_typed_name="ignored")

    assert (plan.status, plan.agreement, plan.client_typed_name) == (PlanStatus.AGREED, Agreement.VERBAL, "")


def test_it_refuses_a_declined_signature_without_a_reason(draft_plan, agree, worker):
    with pytest.raises(ValidationError) as error:
        agree(draft_plan(), worker, agreement=Agreement.DECLINED)

    assert "declined_reason" in error.value.message_dict


def test_it_keeps_the_reason_the_client_gave_for_not_signing(draft_plan, agree, worker):
    plan = agree(draft_plan(), worker, agreement=Agreement.DECLINED, declined_reason="I don't sign things.")

    assert (plan.status, plan.declined_reason) == (PlanStatus.AGREED, "I don't sign things.")


def test_it_agrees_a_plan_from_the_agreement_page(draft_plan, client_record, worker, client_for):
    plan = draft_plan()
    page = client_for(worker).get(_agree_page(client_record, plan))

    response = client_for(worker).post(
        _agree_page(client_record, plan),
        {
            "version": plan.version,
            "agreement": "signed",
            "client_typed_name": "Carys Hughes",
            "agreed_on": page.context["form"].initial["agreed_on"].isoformat(),
            "review_due_on": page.context["suggested_review"].isoformat(),
        },
    )

    assert response.status_code == 302
    assert Plan.objects.get(pk=plan.pk).client_typed_name == "Carys Hughes"


def test_it_refuses_agreement_when_the_plan_changed_after_the_page_opened(
    draft_plan, client_record, worker, colleague, client_for
):
    plan = draft_plan()
    page = client_for(worker).get(_agree_page(client_record, plan))

    services.plan_update(plan=plan, by=colleague, expected_version=plan.version, about_me="Changed by a colleague.")

    response = client_for(worker).post(
        _agree_page(client_record, plan),
        {
            "version": plan.version,
            "agreement": "verbal",
            "agreed_on": page.context["form"].initial["agreed_on"].isoformat(),
            "review_due_on": page.context["suggested_review"].isoformat(),
        },
    )

    assert response.status_code == 409
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
    assert b"Read the plan through again" in response.content


def test_it_marks_who_wrote_each_section(draft_plan, client_record, worker, client_for):
    plan = draft_plan(about_me_by="client", strengths="I'm determined.", strengths_by="joint")

    response = client_for(worker).get(reverse("plans:plan_detail", args=[client_record.code, plan.code]))

    assert b"Written by Carys" in response.content
    assert b"Written together" in response.content


def test_it_needs_no_sign_off_where_the_service_does_not_ask(agreed_plan):
    plan = agreed_plan()

    assert (plan.sign_off_required, plan.awaiting_sign_off) == (False, False)


def test_it_awaits_sign_off_where_the_service_asks_for_it(sign_off_required, agreed_plan):
    plan = agreed_plan()

    assert plan.awaiting_sign_off is True


def test_it_lets_a_team_leader_sign_off_an_agreed_plan(sign_off_required, agreed_plan, client_record, team, client_for):
    plan = agreed_plan()
    leader = staff_with_role(Role.TEAM_LEADER, team=team)

    response = client_for(leader).post(reverse("plans:plan_sign_off", args=[client_record.code, plan.code]))

    plan.refresh_from_db()
    assert response.status_code == 302
    assert (plan.signed_off_by, plan.awaiting_sign_off) == (leader, False)


def test_it_refuses_sign_off_by_the_worker(sign_off_required, agreed_plan, client_record, worker, client_for):
    plan = agreed_plan()

    response = client_for(worker).post(reverse("plans:plan_sign_off", args=[client_record.code, plan.code]))

    assert response.status_code == 403
    assert Plan.objects.get(pk=plan.pk).signed_off_at is None


def test_it_refuses_to_sign_off_a_draft(sign_off_required, draft_plan, client_record, team, client_for):
    plan = draft_plan()
    leader = staff_with_role(Role.TEAM_LEADER, team=team)

    client_for(leader).post(reverse("plans:plan_sign_off", args=[client_record.code, plan.code]))

    assert Plan.objects.get(pk=plan.pk).signed_off_at is None
