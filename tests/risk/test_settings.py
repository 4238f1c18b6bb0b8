"""A service's risk settings: created with defaults when first needed, changed by its manager."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from risk import services
from risk.models import RiskSettings
from tests.risk.conftest import agree, fill_area


def test_it_creates_the_settings_with_the_defaults_when_first_needed(service):
    settings = services.risk_settings_for(service=service)

    assert (settings.sign_off_required, settings.safeguarding_follow_up_days) == (False, 7)
    assert [entry["label"] for entry in settings.areas][:3] == ["Suicide", "Self-harm", "Harm to others"]
    assert RiskSettings.objects.filter(service=service).count() == 1


def _update(settings, by, **changes):
    values = {
        "area_labels": [entry["label"] for entry in settings.areas],
        "alert_types": [(entry["label"], entry["severity"]) for entry in settings.alert_types],
        "sign_off_required": settings.sign_off_required,
        "safeguarding_follow_up_days": settings.safeguarding_follow_up_days,
        **changes,
    }
    return services.risk_settings_update(settings=settings, by=by, expected_version=settings.version, **values)


def test_it_keeps_the_key_of_an_area_that_stays_and_adds_a_new_one(service, manager):
    settings = services.risk_settings_for(service=service)

    updated = _update(settings, manager, area_labels=["Suicide", "Self-harm", "Fire setting"])

    assert updated.areas == [
        {"key": "suicide", "label": "Suicide"},
        {"key": "self_harm", "label": "Self-harm"},
        {"key": "fire_setting", "label": "Fire setting"},
    ]


def test_it_refuses_a_repeated_area(service, manager):
    with pytest.raises(ValidationError) as error:
        _update(services.risk_settings_for(service=service), manager, area_labels=["Suicide", "suicide"])

    assert "only once" in error.value.message_dict["areas"][0]


def test_it_keeps_an_area_no_longer_listed_in_the_next_review(person, worker, manager, service, agreed_assessment):
    agreed_assessment(person, worker)
    _update(services.risk_settings_for(service=service), manager, area_labels=["Self-harm", "Fire setting"])

    review, _ = services.assessment_start(client=person, by=worker, review_reason="scheduled")

    assert list(review.areas.values_list("key", flat=True)) == ["self_harm", "fire_setting", "suicide"]
    assert review.areas.get(key="suicide").history == "Overdose in 2019."


def test_it_offers_a_new_alert_type(person, worker, manager, service):
    settings = services.risk_settings_for(service=service)
    _update(settings, manager, alert_types=[("Key safe at the door", "info")])

    alert = services.alert_set(
        client=person, by=worker, alert_type="key_safe_at_the_door", starts_on=person.created_at.date()
    )

    assert (alert.text, alert.severity) == ("Key safe at the door", "info")


def test_it_saves_the_settings_from_the_managers_page(service, manager, client_for):
    settings = services.risk_settings_for(service=service)
    data = {
        "version": settings.version,
        "areas": "Suicide\nSelf-harm",
        "sign_off_required": "on",
        "safeguarding_follow_up_days": 5,
        "types-TOTAL_FORMS": 1,
        "types-INITIAL_FORMS": 1,
        "types-0-label": "Visit in pairs",
        "types-0-severity": "danger",
    }

    response = client_for(manager).post(reverse("risk:settings_edit", args=[service.code]), data)

    settings.refresh_from_db()
    assert response.status_code == 302, response.context["form"].errors or response.context["formset"].errors
    assert (settings.sign_off_required, settings.safeguarding_follow_up_days, len(settings.areas)) == (True, 5, 2)


def test_it_sends_a_manager_of_one_service_straight_to_its_settings(service, manager, client_for):
    response = client_for(manager).get(reverse("risk:settings_list"))

    assert response["Location"] == reverse("risk:settings_edit", args=[service.code])


def test_it_uses_the_settings_the_assessment_was_agreed_under(person, worker, service):
    assessment, _ = services.assessment_start(client=person, by=worker)
    fill_area(assessment, "self_harm", by=worker, status="no_concern")
    assessment.refresh_from_db()
    services.assessment_update(
        assessment=assessment, by=worker, expected_version=assessment.version, review_priority="routine", summary=""
    )
    RiskSettings.objects.filter(service=service).update(sign_off_required=True)

    assert agree(assessment, by=worker).sign_off_required is True
