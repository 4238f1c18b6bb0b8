"""Plan settings for a service: service managers only; UK numbers only; created on first save."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plans import selectors
from plans.choices import DEFAULT_CRISIS_CONTACTS, DEFAULT_LIFE_AREAS
from plans.models import PlanSettings
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role


def _form(**changes) -> dict:
    data = {
        "early_warning_threshold": "4",
        "early_warning_window_days": "21",
        "sign_off_required": "on",
        "life_areas": "Home\nMoney\nFriends and family",
        "contacts-TOTAL_FORMS": "2",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "8",
        "contacts-0-name": "Samaritans",
        "contacts-0-phone": "116 123",
        "contacts-0-detail": "Any time",
        "contacts-1-name": "Riverside crisis line",
        "contacts-1-phone": "0800 123 4567",
        "contacts-1-detail": "",
    }
    return {**data, **changes}


def _url(service) -> str:
    return reverse("plans:settings_edit", args=[service.code])


def test_it_uses_the_defaults_until_a_manager_saves_settings(service):
    settings = selectors.plan_settings_for(service=service)

    assert (settings.pk, settings.life_areas, settings.crisis_contacts) == (
        None,
        DEFAULT_LIFE_AREAS,
        DEFAULT_CRISIS_CONTACTS,
    )


def test_it_defaults_to_samaritans_and_nhs_111_option_2():
    assert [(contact["name"], contact["phone"]) for contact in DEFAULT_CRISIS_CONTACTS[:2]] == [
        ("Samaritans", "116 123"),
        ("NHS 111", "111, option 2"),
    ]


def test_it_saves_a_services_settings(service, manager, client_for):
    response = client_for(manager).post(_url(service), _form())

    settings = PlanSettings.objects.get(service=service)
    assert response.status_code == 302
    assert (settings.early_warning_threshold, settings.early_warning_window_days, settings.sign_off_required) == (
        4,
        21,
        True,
    )
    assert settings.life_areas == ["Home", "Money", "Friends and family"]
    assert settings.crisis_contacts[1] == {"name": "Riverside crisis line", "phone": "0800 123 4567", "detail": ""}


def test_it_refuses_a_us_crisis_number(service, manager, client_for):
    response = client_for(manager).post(_url(service), _form(**{"contacts-1-phone": "988"}))

    assert response.status_code == 422
    assert not PlanSettings.objects.filter(service=service).exists()


def test_it_needs_at_least_one_life_area(service, manager, client_for):
    response = client_for(manager).post(_url(service), _form(life_areas="  \n "))

    assert response.status_code == 422


def test_it_shows_the_settings_form_to_the_manager(service, manager, client_for):
    response = client_for(manager).get(_url(service))

    assert response.status_code == 200
    assert "Samaritans" in response.content.decode()


def test_it_takes_a_manager_with_one_service_straight_to_it(service, manager, client_for):
    response = client_for(manager).get(reverse("plans:settings_list"))

    assert response["Location"] == _url(service)


def test_it_refuses_settings_to_a_team_leader_of_the_service(service, team, client_for):
    leader = staff_with_role(Role.TEAM_LEADER, team=team)

    assert client_for(leader).get(_url(service)).status_code == 403


def test_it_refuses_the_settings_list_to_a_worker(worker, client_for):
    assert client_for(worker).get(reverse("plans:settings_list")).status_code == 403


def test_it_hides_another_services_settings(service, other_service_team, client_for):
    other_manager = staff_with_role(Role.SERVICE_MANAGER, service=other_service_team.service)

    assert client_for(other_manager).get(_url(service)).status_code == 404


@pytest.mark.parametrize("method", ["put", "delete"])
def test_it_answers_a_wrong_method_on_settings_with_405(method, service, manager, client_for):
    assert getattr(client_for(manager), method)(_url(service)).status_code == 405


def test_it_answers_a_post_to_the_settings_list_with_405(manager, client_for):
    assert client_for(manager).post(reverse("plans:settings_list")).status_code == 405


def test_it_links_plan_settings_from_the_navigation_for_a_manager(manager, client_for):
    response = client_for(manager).get(reverse("home"))

    assert reverse("plans:settings_list") in response.content.decode()


def test_it_keeps_plan_settings_out_of_a_workers_navigation(worker, client_for):
    response = client_for(worker).get(reverse("home"))

    assert reverse("plans:settings_list") not in response.content.decode()
