"""Handing the tablet to the client: the worker is signed out, the person sees only the questions,
and the worker's PIN (or a fresh sign-in) brings the record back."""

from __future__ import annotations

import time_machine
from django.urls import reverse
from django.utils import timezone

from outcomes.models import Reading
from outcomes.views.tablet import MAX_PIN_ATTEMPTS, TABLET_MINUTES
from tests.outcomes.conftest import swemwbs

PIN = "482916"


def _hand_over(http, person, measure="swemwbs"):
    return http.post(reverse("outcomes:tablet_start", args=[person.code, measure]), {"pin": PIN, "pin_again": PIN})


def _answer(http, answers):
    return http.post(reverse("outcomes:tablet_form"), {"idempotency_key": "ignored", **answers})


def test_it_signs_the_worker_out_when_the_tablet_is_handed_over(person, worker, client_for):
    http = client_for(worker)

    response = _hand_over(http, person)

    assert response["Location"] == reverse("outcomes:tablet_form")
    assert http.get(reverse("clients:detail", args=[person.code])).status_code == 302


def test_it_shows_only_the_questionnaire_and_the_first_name(person, worker, client_for):
    http = client_for(worker)
    _hand_over(http, person)

    body = http.get(reverse("outcomes:tablet_form")).content.decode()

    assert "Hello Amara" in body
    assert "Okafor" not in body
    assert reverse("clients:detail", args=[person.code]) not in body
    assert body.count('type="radio"') == 35


def test_it_asks_for_the_same_pin_twice(person, worker, client_for):
    response = client_for(worker).post(
        reverse("outcomes:tablet_start", args=[person.code, "swemwbs"]), {"pin": PIN, "pin_again": "111111"}
    )

    assert response.status_code == 422
    assert "type the same PIN twice" in response.content.decode()


def test_it_records_the_persons_answers_as_completed_by_them(person, worker, client_for):
    http = client_for(worker)
    _hand_over(http, person)

    response = _answer(http, swemwbs(28))

    reading = Reading.objects.get(client=person)
    assert response["Location"] == reverse("outcomes:tablet_return")
    assert (reading.completed_by, reading.recorded_by, str(reading.score)) == ("client", worker, "25.030")


def test_it_records_one_reading_however_often_finished_is_pressed(person, worker, client_for):
    http = client_for(worker)
    _hand_over(http, person)

    _answer(http, swemwbs(28))
    _answer(http, swemwbs(28))

    assert Reading.objects.filter(client=person).count() == 1


def test_it_returns_the_worker_to_the_reading_with_the_pin(person, worker, client_for):
    http = client_for(worker)
    _hand_over(http, person)
    _answer(http, swemwbs(28))

    response = http.post(reverse("outcomes:tablet_return"), {"pin": PIN})

    reading = Reading.objects.get(client=person)
    assert response["Location"] == reverse("outcomes:reading_detail", args=[person.code, reading.code])
    assert http.get(reverse("clients:detail", args=[person.code])).status_code == 200


def test_it_keeps_the_record_closed_after_a_wrong_pin(person, worker, client_for):
    http = client_for(worker)
    _hand_over(http, person)

    response = http.post(reverse("outcomes:tablet_return"), {"pin": "000000"})

    assert response.status_code == 422
    assert "That PIN is not right" in response.content.decode()
    assert http.get(reverse("clients:detail", args=[person.code])).status_code == 302


def test_it_asks_for_a_full_sign_in_after_too_many_wrong_pins(person, worker, client_for):
    http = client_for(worker)
    _hand_over(http, person)
    for _ in range(MAX_PIN_ATTEMPTS):
        response = http.post(reverse("outcomes:tablet_return"), {"pin": "000000"})

    assert reverse("account_login") in response["Location"]
    assert http.post(reverse("outcomes:tablet_return"), {"pin": PIN}).status_code == 404


def test_it_ends_the_hand_over_after_its_time(person, worker, client_for):
    http = client_for(worker)
    _hand_over(http, person)

    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=TABLET_MINUTES + 1)):
        response = http.get(reverse("outcomes:tablet_form"))

    assert response.status_code == 404


def test_it_refuses_the_hand_over_to_a_read_only_member(person, read_only, client_for):
    assert _hand_over(client_for(read_only), person).status_code == 403
