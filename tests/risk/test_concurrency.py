"""Two people editing the same record: the second save is refused and nothing typed is lost."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from recovery.core.concurrency import StaleEditError
from risk import services
from risk.choices import AreaStatus


@pytest.fixture
def draft(person, worker):
    assessment, _ = services.assessment_start(client=person, by=worker)
    return assessment


def test_it_refuses_an_area_saved_by_someone_else_since_it_was_opened(draft, worker, colleague):
    area = draft.areas.get(key="suicide")
    opened_at = area.version
    services.area_update(
        area=area, by=colleague, expected_version=opened_at, status=AreaStatus.CONCERN, current_concerns="Theirs."
    )

    with pytest.raises(StaleEditError) as error:
        services.area_update(
            area=area, by=worker, expected_version=opened_at, status=AreaStatus.CONCERN, current_concerns="Mine."
        )

    assert error.value.current.current_concerns == "Theirs."


def test_it_keeps_the_typed_text_and_shows_the_other_save_beside_it(person, draft, worker, colleague, client_for):
    area = draft.areas.get(key="suicide")
    opened_at = area.version
    services.area_update(
        area=area,
        by=colleague,
        expected_version=opened_at,
        status=AreaStatus.CONCERN,
        current_concerns="Said at the café that nights are hard again.",
    )

    response = client_for(worker).post(
        reverse("risk:area_edit", args=[person.code, draft.code, "suicide"]),
        {
            "version": opened_at,
            "status": "concern",
            "current_concerns": "Told me on the phone she feels safer this week.",
        },
    )

    body = response.content.decode()
    assert response.status_code == 409
    assert "Told me on the phone she feels safer this week." in body  # what I typed
    assert "Said at the café that nights are hard again." in body  # what they saved
    assert "Someone else saved changes after you opened this page" in body
    assert response.context["form"]["version"].value() == opened_at + 1


def test_it_saves_on_the_second_try_after_a_clash(person, draft, worker, colleague, client_for):
    area = draft.areas.get(key="suicide")
    services.area_update(
        area=area, by=colleague, expected_version=area.version, status=AreaStatus.CONCERN, current_concerns="Theirs."
    )
    area.refresh_from_db()

    client_for(worker).post(
        reverse("risk:area_edit", args=[person.code, draft.code, "suicide"]),
        {"version": area.version, "status": "concern", "current_concerns": "Theirs, and mine."},
    )

    area.refresh_from_db()
    assert area.current_concerns == "Theirs, and mine."


def test_it_refuses_a_stale_summary(draft, worker, colleague):
    opened_at = draft.version
    services.assessment_update(
        assessment=draft, by=colleague, expected_version=opened_at, review_priority="soon", summary="Theirs."
    )

    with pytest.raises(StaleEditError):
        services.assessment_update(
            assessment=draft, by=worker, expected_version=opened_at, review_priority="routine", summary="Mine."
        )


def test_it_refuses_to_agree_a_version_changed_since_the_page_was_opened(draft, worker, colleague):
    opened_at = draft.version
    services.assessment_update(
        assessment=draft, by=colleague, expected_version=opened_at, review_priority="soon", summary="Changed."
    )

    with pytest.raises(StaleEditError):
        services.assessment_agree(
            assessment=draft, by=worker, expected_version=opened_at, person_involvement="together"
        )


def test_it_refuses_stale_referral_details(person, worker, colleague, raise_concern):
    concern = raise_concern(person, worker)
    opened_at = concern.version
    services.concern_update_referrals(
        concern=concern, by=colleague, expected_version=opened_at, la_referral="referred",
        la_referred_on=timezone.localdate(), la_reference="ASC-1",
    )  # fmt: skip

    with pytest.raises(StaleEditError):
        services.concern_update_referrals(
            concern=concern, by=worker, expected_version=opened_at, la_referral="not_referred",
            la_not_referred_reason="She asked us not to.",
        )  # fmt: skip


def test_it_refuses_a_stale_alert_change_and_keeps_the_text(person, worker, colleague, client_for):
    alert = services.alert_set(
        client=person, by=worker, alert_type="other", text="Ring before visiting", starts_on=timezone.localdate()
    )
    opened_at = alert.version
    services.alert_update(alert=alert, by=colleague, expected_version=opened_at, text="Ring the day before visiting")

    response = client_for(worker).post(
        reverse("risk:alert_edit", args=[person.code, alert.code]),
        {"version": opened_at, "text": "Ring an hour before visiting"},
    )

    assert response.status_code == 409
    assert "Ring an hour before visiting" in response.content.decode()
    assert "Ring the day before visiting" in response.content.decode()
