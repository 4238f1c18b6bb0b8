"""Administrators must set up an authenticator app before anything else; others are never forced."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.urls import reverse


def test_it_sends_an_administrator_without_an_authenticator_to_set_one_up(client_for, administrator):
    response = client_for(administrator).get("/")

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_it_tells_the_administrator_why_they_must_set_up_an_authenticator(client_for, administrator):
    response = client_for(administrator).get("/", follow=True)

    assert "Administrators must use two-factor authentication" in response.content.decode()


def test_it_lets_an_administrator_who_signs_in_reach_the_setup_form(client, administrator):
    password = settings.RECOVERY_DEMO_PASSWORD
    signed_in = client.post(reverse("account_login"), {"login": administrator.email, "password": password}, follow=True)
    # allauth asks for the password again before an authenticator can be added.
    confirm_url = signed_in.redirect_chain[-1][0]
    assert confirm_url.startswith(reverse("account_reauthenticate"))

    response = client.post(confirm_url, {"password": password}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assert "form" in response.context


def test_it_sends_an_administrator_without_an_authenticator_away_from_the_admin(client_for, administrator):
    response = client_for(administrator).get(reverse("admin:index"))

    assert response.url == reverse("mfa_activate_totp")


def test_it_lets_an_administrator_with_an_authenticator_open_system_status(client_for, mfa_administrator):
    response = client_for(mfa_administrator).get(reverse("system_status"))

    assert response.status_code == 200


def test_it_never_forces_a_worker_to_set_up_an_authenticator(client_for, worker):
    response = client_for(worker).get("/")

    assert response.status_code == 200


def test_it_sends_an_administrator_who_removes_their_authenticator_back_to_set_one_up(client_for, mfa_administrator):
    client = client_for(mfa_administrator)
    assert client.get("/").status_code == 200

    Authenticator.objects.filter(user=mfa_administrator).delete()  # as "Deactivate" in Account security does

    response = client.get("/")

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
