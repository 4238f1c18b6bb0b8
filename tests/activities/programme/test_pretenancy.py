"""The pre-tenancy course: the default modules, progress from attendance and sign-off,
completion, and the certificate PDF."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from activities.choices import Mark
from activities.factories import ActivityFactory, AttendanceFactory, SessionFactory
from activities.models import PreTenancyCompletion
from activities.models.pretenancy import DEFAULT_MODULES
from activities.selectors import pretenancy as selectors
from activities.services import pretenancy as services


@pytest.fixture
def budgeting(service, worker):
    """The Budgeting module, taught by a 'Money matters' group."""
    module = services.pretenancy_modules_for(service=service)[0]
    group = ActivityFactory(service=service, title="Money matters", category="pre_tenancy", created_by=worker)
    services.pretenancy_module_set_activities(module=module, by=worker, activities=[group])
    return module, group


def _past_session(activity, days_ago: int):
    starts = timezone.now() - timedelta(days=days_ago)
    return SessionFactory(activity=activity, starts_at=starts, ends_at=starts + timedelta(hours=1))


def _sign_off_all(person, worker):
    for module in services.pretenancy_modules_for(service=person.team.service):
        _, completion = services.pretenancy_sign_off(
            client=person, module=module, by=worker, signed_off_on=timezone.localdate()
        )
    return completion


def test_it_gives_a_service_the_default_modules(service):
    assert [module.title for module in services.pretenancy_modules_for(service=service)] == list(DEFAULT_MODULES)


def test_it_counts_sessions_attended_towards_the_linked_module(budgeting, person, worker):
    _module, group = budgeting
    for days_ago, mark in ((14, Mark.ATTENDED), (7, Mark.LATE), (3, Mark.ABSENT)):
        AttendanceFactory(session=_past_session(group, days_ago), client=person, mark=mark, recorded_by=worker)
    row = selectors.client_progress(client=person).modules[0]
    assert (row.sessions_attended, row.state, row.last_attended_on) == (
        2,
        "attended",
        (timezone.localtime(timezone.now() - timedelta(days=7))).date(),
    )


def test_it_leaves_attendance_at_unlinked_activities_out(budgeting, person, worker, service):
    AttendanceFactory(session=_past_session(ActivityFactory(service=service), 5), client=person, recorded_by=worker)
    assert selectors.client_progress(client=person).modules[0].sessions_attended == 0


def test_it_marks_a_signed_off_module_done(budgeting, person, worker):
    module, _ = budgeting
    services.pretenancy_sign_off(client=person, module=module, by=worker, signed_off_on=timezone.localdate())
    progress = selectors.client_progress(client=person)
    assert (progress.modules[0].state, progress.signed_off, progress.completion) == ("signed_off", 1, None)


def test_it_refuses_a_second_sign_off_of_a_module(budgeting, person, worker):
    module, _ = budgeting
    services.pretenancy_sign_off(client=person, module=module, by=worker, signed_off_on=timezone.localdate())
    with pytest.raises(ValidationError, match="already signed off"):
        services.pretenancy_sign_off(client=person, module=module, by=worker, signed_off_on=timezone.localdate())


def test_it_refuses_a_sign_off_dated_in_the_future(budgeting, person, worker):
    module, _ = budgeting
    with pytest.raises(ValidationError) as raised:
        services.pretenancy_sign_off(
            client=person, module=module, by=worker, signed_off_on=timezone.localdate() + timedelta(days=1)
        )
    assert "signed_off_on" in raised.value.message_dict


def test_it_completes_the_course_when_the_last_module_is_signed_off(person, worker):
    completion = _sign_off_all(person, worker)
    assert (completion.completed_on, completion.modules) == (timezone.localdate(), list(DEFAULT_MODULES))


def test_it_keeps_sign_offs_when_a_module_is_renamed_around_them(service, person, worker, manager):
    budgeting = services.pretenancy_modules_for(service=service)[0]
    services.pretenancy_sign_off(client=person, module=budgeting, by=worker, signed_off_on=timezone.localdate())
    services.pretenancy_modules_update(service=service, by=manager, titles=["Budgeting", "Your first home"])
    progress = selectors.client_progress(client=person)
    assert [(row.module.title, row.state) for row in progress.modules] == [
        ("Budgeting", "signed_off"),
        ("Your first home", "not_started"),
    ]


def test_it_prints_a_certificate_naming_the_person_and_modules(client_for, person, worker):
    _sign_off_all(person, worker)
    response = client_for(worker).get(reverse("activities:pretenancy_certificate", args=[person.code]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert response["Content-Type"] == "application/pdf"
    assert all(
        words in text
        for words in ("Certificate of completion", "Amara Okafor", "Pre-tenancy course", "Fire and home safety")
    )


def test_it_sends_back_to_the_course_page_before_completion(client_for, person, worker):
    response = client_for(worker).get(reverse("activities:pretenancy_certificate", args=[person.code]))
    assert response.status_code == 302


def test_it_lists_people_on_the_course_in_the_roster(client_for, budgeting, person, worker):
    _, group = budgeting
    AttendanceFactory(session=_past_session(group, 2), client=person, recorded_by=worker)
    html = (
        client_for(worker)
        .get(reverse("activities:pretenancy_roster", args=[person.team.service.code]))
        .content.decode()
    )
    assert "Amara Okafor" in html


def test_it_signs_off_through_the_page(client_for, budgeting, person, worker):
    module, _ = budgeting
    response = client_for(worker).post(
        reverse("activities:pretenancy_sign_off", args=[person.code, module.code]),
        {"signed_off_on": timezone.localdate().isoformat(), "note": "Made a weekly budget."},
    )
    assert response.status_code == 302
    assert not PreTenancyCompletion.objects.exists()
