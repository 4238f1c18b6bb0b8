"""Printouts: the client copy of a plan and the one-page safety plan, rendered by WeasyPrint through
recovery.core.pdf and read back with pypdf; every printout is logged as an export of the record."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans import services
from plans.validators import validate_uk_phone
from recovery.audit.models import AccessAction, RecordAccess
from tests.plans.pdf_text import pdf_pages, pdf_text


@pytest.fixture
def safety_plan(client_record, worker):
    return services.safety_plan_save(
        client=client_record,
        by=worker,
        expected_version=None,
        warning_signs="I stop answering my phone and I can't sleep.",
        coping_strategies="Listen to my playlist. Walk round the park.",
        distractions="The café on the high street.",
        people_to_ask="My sister Jo, 07700 900123.",
        professionals="My care coordinator Sam, 01632 960418.",
        safer_environment="The pharmacy keeps my extra tablets.",
        reason_for_living="My son Dean.",
    )


def _safety_pdf(client_for, user, client_record):
    return client_for(user).get(reverse("plans:safety_plan_pdf", args=[client_record.code]))


def _plan_pdf(client_for, user, client_record, plan):
    return client_for(user).get(reverse("plans:plan_pdf", args=[client_record.code, plan.code]))


def test_it_prints_the_safety_plan_on_one_page(safety_plan, client_record, worker, client_for):
    assert len(pdf_pages(_safety_pdf(client_for, worker, client_record))) == 1


def test_it_prints_the_safety_plan_in_the_clients_words(safety_plan, client_record, worker, client_for):
    text = pdf_text(_safety_pdf(client_for, worker, client_record))

    assert "I stop answering my phone and I can't sleep." in text


def test_it_prints_the_safety_plan_steps_in_stanley_brown_order(safety_plan, client_record, worker, client_for):
    text = pdf_text(_safety_pdf(client_for, worker, client_record))

    steps = [
        "My warning signs",
        "Things I can do on my own",
        "People and places that take my mind off things",
        "People I can ask for help",
        "Professionals and services I can contact",
        "Making where I am safer",
    ]
    assert [text.index(step) for step in steps] == sorted(text.index(step) for step in steps)


def test_it_prints_samaritans_and_nhs_111_on_the_safety_plan(safety_plan, client_record, worker, client_for):
    text = pdf_text(_safety_pdf(client_for, worker, client_record))

    assert "Samaritans 116 123" in text
    assert "NHS 111 111, option 2" in text


def test_it_prints_no_us_crisis_numbers(safety_plan, client_record, worker, client_for):
    text = pdf_text(_safety_pdf(client_for, worker, client_record))

    assert "988" not in text
    assert "911" not in text


def test_it_prints_the_services_own_crisis_line(safety_plan, client_record, worker, service, manager, client_for):
    services.plan_settings_update(
        service=service,
        by=manager,
        early_warning_threshold=3,
        early_warning_window_days=14,
        sign_off_required=False,
        life_areas=["Everyday living skills"],
        crisis_contacts=[
            {"name": "Samaritans", "phone": "116 123", "detail": ""},
            {"name": "Riverside crisis line", "phone": "0800 123 4567", "detail": "Any time"},
        ],
    )

    text = pdf_text(_safety_pdf(client_for, worker, client_record))

    assert "Riverside crisis line 0800 123 4567" in text


def test_it_logs_the_safety_plan_printout_as_an_export(safety_plan, client_record, worker, client_for):
    _safety_pdf(client_for, worker, client_record)

    assert RecordAccess.objects.filter(
        subject_code=client_record.code, user=worker, action=AccessAction.EXPORTED, detail="safety plan printout"
    ).exists()


def test_it_prints_the_client_copy_with_the_goal_in_their_words(agreed_plan, client_record, worker, client_for):
    plan = agreed_plan()

    text = pdf_text(_plan_pdf(client_for, worker, client_record, plan))

    assert "I want to cook a proper meal 2 times a week." in text


def test_it_prints_the_client_copy_in_plain_language(agreed_plan, client_record, worker, client_for):
    plan = agreed_plan()

    text = pdf_text(_plan_pdf(client_for, worker, client_record, plan))

    assert "My support and recovery plan" in text
    assert "We will look at this plan together again by" in text
    assert "signed it by typing my name: “Carys Hughes”" in text


def test_it_logs_the_client_copy_as_an_export(agreed_plan, client_record, worker, client_for):
    plan = agreed_plan()

    _plan_pdf(client_for, worker, client_record, plan)

    assert RecordAccess.objects.filter(
        subject_code=client_record.code, user=worker, action=AccessAction.EXPORTED, detail="client copy of plan"
    ).exists()


def test_it_marks_a_draft_client_copy_as_not_agreed(draft_plan, client_record, worker, client_for):
    text = pdf_text(_plan_pdf(client_for, worker, client_record, draft_plan()))

    assert "It is not your plan until you agree it." in text


def test_it_keeps_pdfs_out_of_caches(agreed_plan, client_record, worker, client_for):
    response = _plan_pdf(client_for, worker, client_record, agreed_plan())

    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "number", ["116 123", "111, option 2", "0800 123 4567", "+44 20 7946 0000", "Text SHOUT to 85258"]
)
def test_it_accepts_uk_numbers(number):
    validate_uk_phone(number)


@pytest.mark.parametrize("number", ["988", "911", "1-800-273-8255", "+1 800 273 8255", "001 800 273 8255"])
def test_it_refuses_us_numbers(number):
    with pytest.raises(ValidationError):
        validate_uk_phone(number)
