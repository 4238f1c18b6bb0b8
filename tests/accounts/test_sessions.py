"""Sessions: 30 minutes idle, 12 hours in all, ended at once on deactivation; sign-in
errors that do not reveal who has an account; failed-login lockout per e-mail and IP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from recovery.accounts.services import user_deactivate

SIGN_IN_AT = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
LOGIN_URL = "/accounts/login/"


def _sign_in(client: Client, email: str, password: str | None = None, **extra):
    password = settings.RECOVERY_DEMO_PASSWORD if password is None else password
    return client.post(LOGIN_URL, {"login": email, "password": password}, **extra)


def _session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("account_login"))


def _form_errors(response) -> list[str]:
    return list(response.context["form"].non_field_errors())


def test_it_is_configured_for_a_30_minute_idle_limit_renewed_at_least_every_minute():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_REFRESH_SECONDS == 60


def test_it_moves_the_session_expiry_as_the_person_works(client_for, worker):
    with time_machine.travel(SIGN_IN_AT, tick=False) as traveller:
        client = client_for(worker)
        client.get("/")
        first_expiry = _session_row(client).expire_date

        traveller.shift(timedelta(minutes=10))
        client.get("/")

    assert _session_row(client).expire_date - first_expiry == timedelta(minutes=10)


def test_it_leaves_the_session_row_alone_within_a_minute_of_the_last_refresh(client_for, worker):
    with time_machine.travel(SIGN_IN_AT, tick=False) as traveller:
        client = client_for(worker)
        first_expiry = _session_row(client).expire_date

        traveller.shift(timedelta(seconds=59))
        client.get("/")

    assert _session_row(client).expire_date == first_expiry


def test_it_moves_the_expiry_once_a_minute_has_passed(client_for, worker):
    with time_machine.travel(SIGN_IN_AT, tick=False) as traveller:
        client = client_for(worker)
        first_expiry = _session_row(client).expire_date

        traveller.shift(timedelta(seconds=61))
        client.get("/")

    assert _session_row(client).expire_date - first_expiry == timedelta(seconds=61)


def test_it_signs_out_after_30_minutes_idle(client_for, worker):
    with time_machine.travel(SIGN_IN_AT, tick=False) as traveller:
        client = client_for(worker)
        assert client.get("/").status_code == 200

        traveller.shift(timedelta(minutes=31))
        response = client.get("/")

    assert _is_login_redirect(response)


def test_it_signs_out_12_hours_after_sign_in_however_active(client, worker):
    with time_machine.travel(SIGN_IN_AT, tick=False) as traveller:
        assert _sign_in(client, worker.email, follow=True).status_code == 200
        # Stay active (a request every 25 minutes) so that the idle limit never applies.
        for _ in range(28):
            traveller.shift(timedelta(minutes=25))
            assert client.get("/").status_code == 200  # still signed in at 11 h 40 min
        traveller.move_to(SIGN_IN_AT + timedelta(hours=12, minutes=1))
        response = client.get("/")

    assert _is_login_redirect(response)
    assert any("12 hours" in str(message) for message in get_messages(response.wsgi_request))


def test_it_counts_the_12_hours_from_sign_in_not_from_the_first_page(client, worker):
    with time_machine.travel(SIGN_IN_AT, tick=False) as traveller:
        assert _sign_in(client, worker.email).url == reverse("home")  # signed in, but no page opened yet
        for _ in range(28):  # 25 minutes after signing in, then every 25 minutes until 11 h 40 min
            traveller.shift(timedelta(minutes=25))
            client.get("/")
        traveller.move_to(SIGN_IN_AT + timedelta(hours=12, minutes=1))
        response = client.get("/")

    assert _is_login_redirect(response)


def test_it_signs_out_a_deactivated_user_at_once(client, worker, administrator):
    _sign_in(client, worker.email)
    assert client.get("/").status_code == 200

    user_deactivate(user=worker, by=administrator)

    assert _is_login_redirect(client.get("/"))


def test_it_deletes_the_sessions_of_a_deactivated_user(client, worker, administrator):
    _sign_in(client, worker.email)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    user_deactivate(user=worker, by=administrator)

    assert not Session.objects.filter(session_key=session_key).exists()


def test_it_signs_in_with_the_right_password(client, worker):
    response = _sign_in(client, worker.email)

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_it_gives_the_same_error_for_a_wrong_password_and_an_unknown_email(client, worker):
    wrong_password = _sign_in(client, worker.email, password="not-the-password-1")
    unknown_email = _sign_in(client, "nobody-here@example.org", password="not-the-password-1")

    assert wrong_password.status_code == unknown_email.status_code == 200
    assert _form_errors(wrong_password) == _form_errors(unknown_email)
    assert _form_errors(wrong_password) == ["The email address and/or password you specified are not correct."]


def test_it_locks_an_email_out_after_5_failed_logins_from_one_ip(client, worker):
    for _ in range(5):
        _sign_in(client, worker.email, password="not-the-password-1", REMOTE_ADDR="203.0.113.7")

    response = _sign_in(client, worker.email, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 200  # the form again, not the home page
    assert _form_errors(response) == ["Too many failed login attempts. Try again later."]


def test_it_does_not_lock_the_email_out_from_another_ip(client, worker):
    for _ in range(5):
        _sign_in(client, worker.email, password="not-the-password-1", REMOTE_ADDR="203.0.113.7")

    response = _sign_in(client, worker.email, REMOTE_ADDR="198.51.100.23")

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_it_still_lets_the_right_password_in_after_4_failures(client, worker):
    for _ in range(4):
        _sign_in(client, worker.email, password="not-the-password-1", REMOTE_ADDR="203.0.113.7")

    response = _sign_in(client, worker.email, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 302
