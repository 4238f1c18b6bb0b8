"""A service's outcome settings: which measures are offered, their schedule, ReQoL-10 under the
service's licence (off by default, cut-off configurable) and the service's own life-areas profile."""

from __future__ import annotations

from django.urls import reverse

from outcomes import measures
from outcomes.services import offered_measures, outcome_settings_for

REQOL_ITEMS = "\n".join(f"Licensed item {number}" for number in range(1, 11))


def _form(settings, **changes) -> dict:
    data = {
        "offered": [m.key for m in measures.CURRENT.values() if m.key not in settings.disabled_measures],
        "reqol_cutoff": settings.reqol_cutoff,
        "reqol_items": "",
        "reqol_negative_items": ["1", "3", "6", "9"],
        "reqol_copyright": "",
        "areas": "",
        "area_scale_max": 10,
        "stages": "",
        "version": settings.version,
        "swemwbs_baseline_days": 28,
        "swemwbs_every_months": 3,
        "swemwbs_at_exit": "on",
    }
    data.update(changes)
    return data


def test_it_leaves_reqol10_off_until_the_service_turns_it_on(service):
    assert "reqol10" not in [measure.key for measure in offered_measures(outcome_settings_for(service=service))]


def test_it_turns_reqol10_on_with_the_licensed_wording_and_a_cutoff_of_25(manager, service, client_for):
    settings = outcome_settings_for(service=service)
    offered = [*_form(settings)["offered"], "reqol10"]
    data = _form(settings, offered=offered, reqol_items=REQOL_ITEMS, reqol_copyright="Licensed line", reqol_cutoff=25)

    client_for(manager).post(reverse("outcomes:settings_edit", args=[service.code]), data)

    settings.refresh_from_db()
    assert "reqol10" in [measure.key for measure in offered_measures(settings)]
    assert (settings.reqol_cutoff, settings.reqol_negative_items) == (25, [1, 3, 6, 9])


def test_it_asks_for_all_10_reqol_items(manager, service, client_for):
    settings = outcome_settings_for(service=service)
    data = _form(
        settings, offered=[*_form(settings)["offered"], "reqol10"], reqol_items="Only one", reqol_copyright="x"
    )

    response = client_for(manager).post(reverse("outcomes:settings_edit", args=[service.code]), data)

    assert response.status_code == 422
    assert "Enter the 10 items of your licensed ReQoL-10" in response.content.decode()


def test_it_defines_the_life_areas_profile(manager, service, client_for):
    settings = outcome_settings_for(service=service)
    data = _form(
        settings,
        offered=[*_form(settings)["offered"], "life_areas"],
        areas="Home\nPeople around me\nMoney",
        area_scale_max=7,
        stages="1: Stuck\n4: Moving\n7: There",
    )

    client_for(manager).post(reverse("outcomes:settings_edit", args=[service.code]), data)

    settings.refresh_from_db()
    assert [area["label"] for area in settings.areas] == ["Home", "People around me", "Money"]
    assert (settings.area_scale_max, settings.stages[1]) == (7, {"from": 4, "label": "Moving"})


def test_it_keeps_an_areas_key_when_its_label_stays(manager, service, client_for):
    settings = outcome_settings_for(service=service)
    http = client_for(manager)
    url = reverse("outcomes:settings_edit", args=[service.code])
    http.post(url, _form(settings, areas="Home\nMoney"))
    settings.refresh_from_db()
    home = settings.areas[0]["key"]

    http.post(url, _form(settings, areas="Work\nHome"))

    settings.refresh_from_db()
    assert settings.areas[1] == {"key": home, "label": "Home"}


def test_it_explains_a_badly_written_stage(manager, service, client_for):
    settings = outcome_settings_for(service=service)

    response = client_for(manager).post(
        reverse("outcomes:settings_edit", args=[service.code]), _form(settings, stages="Getting started")
    )

    assert response.status_code == 422
    assert "Write each stage as “from point: label”" in response.content.decode()


def test_it_saves_a_schedule_per_measure(manager, service, client_for):
    settings = outcome_settings_for(service=service)

    client_for(manager).post(
        reverse("outcomes:settings_edit", args=[service.code]),
        _form(settings, phq9_baseline_days=14, phq9_every_months=6),
    )

    settings.refresh_from_db()
    assert settings.schedules["phq9"] == {"baseline_days": 14, "every_months": 6, "at_exit": False}


def test_it_refuses_a_stale_settings_form(manager, service, client_for):
    settings = outcome_settings_for(service=service)
    http = client_for(manager)
    url = reverse("outcomes:settings_edit", args=[service.code])
    http.post(url, _form(settings))

    response = http.post(url, _form(settings, version=1, reqol_cutoff=30))

    settings.refresh_from_db()
    assert response.status_code == 409
    assert settings.reqol_cutoff == 24
