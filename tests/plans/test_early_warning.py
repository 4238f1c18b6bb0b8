"""Relapse signature: signs ticked on the contact form, the 12-week trend, and the caseload flag
when the service's N signs are noticed within its window."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from clients import services as client_services
from plans import selectors, services
from plans.models import SignObservation
from recovery.core.registries import caseload_flags

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)


@pytest.fixture
def signs(client_record, worker):
    return [
        services.sign_add(client=client_record, by=worker, kind="sign", description=text)
        for text in ("I stop answering my phone", "I sleep most of the day", "I stop eating properly")
    ]


def _notice(client, by, log_contact, signs, *, days_ago: float):
    contact = log_contact(client, by, occurred_at=timezone.now() - timedelta(days=days_ago))
    return services.signs_observed(contact=contact, by=by, sign_codes=[sign.code for sign in signs])


def _flag_labels(client):
    return [flag.label for flag in caseload_flags(client_ids=[client.pk])[client.pk] if flag.key == "early_warning"]


def _contact_post(client, **extra):
    return {
        "idempotency_key": str(uuid.uuid4()),
        "contact_type": "face_to_face",
        "outcome": "attended",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "note": "Seemed low. Talked about what helps.",
        **extra,
    }


def test_it_offers_the_clients_signs_on_the_contact_form(signs, client_record, worker, client_for):
    response = client_for(worker).get(reverse("clients:contact_create", args=[client_record.code]))

    content = response.content.decode()
    assert "Early warning signs noticed" in content
    assert all(sign.description in content for sign in signs)


def test_it_offers_the_signs_on_the_client_page_contact_form(signs, client_record, worker, client_for):
    response = client_for(worker).get(reverse("clients:detail", args=[client_record.code]))

    assert "I sleep most of the day" in response.content.decode()


def test_it_leaves_the_contact_form_alone_for_a_client_with_no_signs(client_record, worker, client_for):
    response = client_for(worker).get(reverse("clients:contact_create", args=[client_record.code]))

    assert "Early warning signs noticed" not in response.content.decode()


def test_it_does_not_offer_an_archived_sign(signs, client_record, worker, client_for):
    services.sign_archive(sign=signs[0], by=worker)

    response = client_for(worker).get(reverse("clients:contact_create", args=[client_record.code]))

    assert signs[0].description not in response.content.decode()


def test_it_does_not_offer_triggers_to_tick(client_record, worker, client_for):
    services.sign_add(client=client_record, by=worker, kind="trigger", description="Letters from the council")
    services.sign_add(client=client_record, by=worker, kind="sign", description="I sleep most of the day")

    response = client_for(worker).get(reverse("clients:contact_create", args=[client_record.code]))

    assert "Letters from the council" not in response.content.decode()


def test_it_records_the_signs_ticked_when_a_contact_is_logged(signs, client_record, worker, client_for):
    client_for(worker).post(
        reverse("clients:contact_create", args=[client_record.code]),
        _contact_post(client_record, early_warning_signs=[str(signs[0].code), str(signs[2].code)]),
    )

    assert set(SignObservation.objects.filter(client=client_record).values_list("sign_id", flat=True)) == {
        signs[0].pk,
        signs[2].pk,
    }


def test_it_records_the_signs_ticked_on_the_htmx_contact_form(signs, client_record, worker, client_for):
    client_for(worker).post(
        reverse("clients:contact_create", args=[client_record.code]),
        _contact_post(client_record, early_warning_signs=[str(signs[1].code)]),
        HTTP_HX_REQUEST="true",
    )

    assert SignObservation.objects.filter(client=client_record, sign=signs[1]).count() == 1


def test_it_records_nothing_twice_for_a_repeated_submit(signs, client_record, worker, client_for):
    data = _contact_post(client_record, early_warning_signs=[str(signs[0].code)])
    http = client_for(worker)

    http.post(reverse("clients:contact_create", args=[client_record.code]), data)
    http.post(reverse("clients:contact_create", args=[client_record.code]), data)

    assert SignObservation.objects.filter(client=client_record).count() == 1


def test_it_ignores_a_sign_of_another_client(signs, client_record, worker, open_client_for, team, log_contact):
    other = open_client_for(worker, team)
    contact = log_contact(other, worker)

    services.signs_observed(contact=contact, by=worker, sign_codes=[signs[0].code])

    assert SignObservation.objects.filter(client=other).count() == 0


def test_it_flags_the_client_at_the_services_threshold(signs, client_record, worker, log_contact):
    with time_machine.travel(NOW, tick=False):
        _notice(client_record, worker, log_contact, signs, days_ago=2)

        assert _flag_labels(client_record) == ["Early warning signs: 3 in 14 days"]


def test_it_gives_the_flag_a_danger_colour_and_a_prompt_to_review(signs, client_record, worker, log_contact):
    with time_machine.travel(NOW, tick=False):
        _notice(client_record, worker, log_contact, signs, days_ago=2)
        flag = next(
            flag
            for flag in caseload_flags(client_ids=[client_record.pk])[client_record.pk]
            if flag.key == "early_warning"
        )

    assert (flag.severity, flag.hint) == ("danger", "Consider a plan or risk review.")


def test_it_does_not_flag_below_the_threshold(signs, client_record, worker, log_contact):
    with time_machine.travel(NOW, tick=False):
        _notice(client_record, worker, log_contact, signs[:2], days_ago=2)

        assert _flag_labels(client_record) == []


def test_it_counts_only_signs_within_the_window(signs, client_record, worker, log_contact):
    with time_machine.travel(NOW, tick=False):
        _notice(client_record, worker, log_contact, signs[:2], days_ago=20)
        _notice(client_record, worker, log_contact, signs[:1], days_ago=1)

        assert _flag_labels(client_record) == []


def test_it_uses_the_services_own_threshold_and_window(signs, client_record, worker, log_contact, service, manager):
    services.plan_settings_update(
        service=service,
        by=manager,
        early_warning_threshold=2,
        early_warning_window_days=30,
        sign_off_required=False,
        life_areas=["Everyday living skills"],
        crisis_contacts=[{"name": "Samaritans", "phone": "116 123", "detail": ""}],
    )
    with time_machine.travel(NOW, tick=False):
        _notice(client_record, worker, log_contact, signs[:2], days_ago=20)

        assert _flag_labels(client_record) == ["Early warning signs: 2 in 30 days"]


def test_it_does_not_flag_a_client_whose_support_has_ended(signs, client_record, worker, log_contact):
    _notice(client_record, worker, log_contact, signs, days_ago=2)

    client_services.episode_end(
        episode=client_record.episodes.get(),
        ended_on=timezone.localdate(),
        end_reason="planned_move_on",
        move_on_destination="independent_tenancy",
        by=worker,
    )

    assert caseload_flags(client_ids=[client_record.pk])[client_record.pk] == []


def test_it_shows_the_early_warning_flag_on_the_caseload(signs, client_record, worker, log_contact, client_for):
    _notice(client_record, worker, log_contact, signs, days_ago=1)

    response = client_for(worker).get(reverse("clients:caseload"))

    assert "Early warning signs: 3 in 14 days" in response.content.decode()


def test_it_counts_signs_per_week_for_twelve_weeks(signs, client_record, worker, log_contact):
    with time_machine.travel(NOW, tick=False):  # a Tuesday
        _notice(client_record, worker, log_contact, signs, days_ago=1)  # this week
        _notice(client_record, worker, log_contact, signs[:1], days_ago=8)  # last week
        _notice(client_record, worker, log_contact, signs[:2], days_ago=120)  # before the 12 weeks
        trend = selectors.sign_trend(client=client_record)

    assert (len(trend), trend[0].starts_on, trend[-1].starts_on) == (12, date(2025, 12, 22), date(2026, 3, 9))
    assert [week.count for week in trend[-3:]] == [0, 1, 3]


def test_it_shows_the_trend_on_the_plans_tab(signs, client_record, worker, log_contact, client_for):
    _notice(client_record, worker, log_contact, signs, days_ago=1)

    response = client_for(worker).get(reverse("plans:client_plans", args=[client_record.code]))

    assert "3 early warning signs noticed in 12 weeks" in response.content.decode()


def test_it_prompts_a_review_on_the_plans_tab(signs, client_record, worker, log_contact, agreed_plan, client_for):
    plan = agreed_plan()
    _notice(client_record, worker, log_contact, signs, days_ago=1)

    response = client_for(worker).get(reverse("plans:client_plans", args=[client_record.code]))

    assert reverse("plans:plan_review", args=[client_record.code, plan.code]) + "?kind=early_warning" in (
        response.content.decode()
    )


def test_it_adds_a_sign_in_the_clients_words(client_record, worker, client_for):
    response = client_for(worker).post(
        reverse("plans:sign_add", args=[client_record.code]), {"kind": "sign", "description": "I stop going out"}
    )

    assert response.status_code == 302
    assert [sign.description for sign in selectors.active_signs(client=client_record)] == ["I stop going out"]


def test_it_takes_a_sign_off_the_list_but_keeps_it(signs, client_record, worker, client_for):
    client_for(worker).post(reverse("plans:sign_archive", args=[client_record.code, signs[0].code]))

    signs[0].refresh_from_db()
    assert (signs[0].is_active, signs[0].archived_at is not None) == (False, True)


def test_it_saves_what_helps_and_who_to_tell(client_record, worker, client_for):
    response = client_for(worker).post(
        reverse("plans:signature_edit", args=[client_record.code]),
        {"what_helps": "Someone popping round.", "who_to_tell": "My sister Jo."},
    )

    assert response.status_code == 302
    assert selectors.signature_for_client(client=client_record).who_to_tell == "My sister Jo."


def test_it_gives_the_plans_tab_the_same_trend_as_the_signs_page(signs, client_record, worker, log_contact):
    with time_machine.travel(NOW, tick=False):
        _notice(client_record, worker, log_contact, signs, days_ago=1)
        _notice(client_record, worker, log_contact, signs[:2], days_ago=15)

        assert selectors.wellbeing_records(client=client_record).trend == selectors.sign_trend(client=client_record)
