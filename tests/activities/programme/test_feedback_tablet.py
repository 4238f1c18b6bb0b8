"""The feedback tablet hand-over: the worker is signed out while the tablet is handed round, the
tablet pages answer only to the signed flag, and the worker's PIN (or a fresh sign-in) brings
them back; anonymous answers leave nothing that could name the person."""

from __future__ import annotations

import uuid
from datetime import timedelta

import time_machine
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from activities.models import SessionFeedback
from activities.views.feedback_tablet import MAX_PIN_ATTEMPTS, SALT, SESSION_KEY
from recovery.audit.models import RecordAccess

PIN = "2468"
FORM = reverse("activities:feedback_tablet_form")
BACK = reverse("activities:feedback_tablet_return")


def _start_url(session, person=None) -> str:
    if person is None:
        return reverse("activities:feedback_tablet", args=[session.code])
    return reverse("activities:feedback_tablet_for", args=[session.code, person.code])


def _hand_over(browser, session, person=None):
    response = browser.post(_start_url(session, person), {"pin": PIN, "pin_again": PIN})
    assert response.status_code == 302
    assert response["Location"] == FORM
    return browser


def _answer(browser, **data):
    return browser.post(FORM, {"idempotency_key": str(uuid.uuid4()), "rating": "4", **data})


def test_it_signs_the_worker_out_when_the_tablet_is_handed_over(client_for, worker, attended, person):
    browser = _hand_over(client_for(worker), attended)

    response = browser.get(reverse("clients:detail", args=[person.code]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_it_refuses_different_pins_beside_the_field_and_keeps_the_worker_signed_in(client_for, worker, attended):
    browser = client_for(worker)

    response = browser.post(_start_url(attended), {"pin": "2468", "pin_again": "2469"})

    assert response.status_code == 422
    assert "type the same PIN twice" in response.content.decode()
    assert browser.get(reverse("activities:session_feedback", args=[attended.code])).status_code == 200


def test_it_serves_no_tablet_page_without_a_hand_over(client_for, worker):
    assert client_for(worker).get(FORM).status_code == 404


def test_it_serves_no_tablet_page_for_a_tampered_flag(client, attended, worker):
    session = client.session
    session[SESSION_KEY] = signing.dumps({"session": str(attended.code), "worker": worker.pk}, salt="something-else")
    session.save()

    assert client.get(FORM).status_code == 404


def test_it_serves_no_tablet_page_once_the_hand_over_has_expired(client_for, worker, attended):
    browser = _hand_over(client_for(worker), attended)

    with time_machine.travel(timezone.now() + timedelta(minutes=46)):
        assert browser.get(FORM).status_code == 404


def test_it_returns_the_worker_to_the_sessions_feedback_with_the_pin(client_for, worker, attended):
    browser = _hand_over(client_for(worker), attended)
    _answer(browser)

    response = browser.post(BACK, {"pin": PIN})

    feedback_page = reverse("activities:session_feedback", args=[attended.code])
    assert response.status_code == 302
    assert response["Location"] == feedback_page
    assert browser.get(feedback_page).status_code == 200
    assert browser.get(FORM).status_code == 404


def test_it_refuses_a_wrong_pin_beside_the_field(client_for, worker, attended):
    browser = _hand_over(client_for(worker), attended)

    response = browser.post(BACK, {"pin": "1111"})

    assert response.status_code == 422
    assert "That PIN is not right" in response.content.decode()


def test_it_asks_for_a_full_sign_in_after_too_many_wrong_pins(client_for, worker, attended):
    browser = _hand_over(client_for(worker), attended)
    for _ in range(MAX_PIN_ATTEMPTS - 1):
        browser.post(BACK, {"pin": "1111"})

    response = browser.post(BACK, {"pin": "1111"})

    assert response.status_code == 302
    assert "next=" in response["Location"]
    assert browser.post(BACK, {"pin": PIN}).status_code == 404


def test_it_takes_one_answer_per_named_hand_over(client_for, worker, attended, person):
    browser = _hand_over(client_for(worker), attended, person)
    _answer(browser)

    response = browser.get(FORM)

    assert response.status_code == 302
    assert response["Location"] == BACK


def test_it_lets_anonymous_answers_follow_one_another(client_for, worker, attended):
    browser = _hand_over(client_for(worker), attended)

    _answer(browser, comment="Loved it.")
    _answer(browser, comment="Too short.")

    assert SessionFeedback.objects.filter(client__isnull=True).count() == 2


def test_it_keeps_nothing_about_an_anonymous_answer_in_the_hand_over(client_for, worker, attended):
    browser = _hand_over(client_for(worker), attended)
    before = signing.loads(browser.session[SESSION_KEY], salt=SALT)

    _answer(browser, comment="Loved it.")

    assert signing.loads(browser.session[SESSION_KEY], salt=SALT) == before
    assert before["person"] == ""


def test_it_writes_no_record_access_during_an_anonymous_hand_over(client_for, worker, attended, person):
    browser = _hand_over(client_for(worker), attended)
    _answer(browser)
    browser.get(reverse("activities:feedback_tablet_thanks"))
    browser.post(BACK, {"pin": PIN})

    assert not RecordAccess.objects.filter(subject_code=person.code).exists()


def test_it_names_only_the_person_it_was_handed_to_and_stores_their_named_answer(client_for, worker, attended, person):
    browser = _hand_over(client_for(worker), attended, person)

    _answer(browser, comment="Good.")

    row = SessionFeedback.objects.get()
    assert (row.client_id, row.recorded_by_id) == (person.pk, worker.pk)
