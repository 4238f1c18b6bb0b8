"""The Django admin, where administrators manage staff, teams and services."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from recovery.accounts.models import Membership


def test_it_lets_an_administrator_open_the_staff_list(client_for, mfa_administrator):
    response = client_for(mfa_administrator).get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 200


def test_it_ends_the_sessions_of_someone_deactivated_in_the_admin(client_for, mfa_administrator, worker):
    mfa_administrator.is_superuser = True
    mfa_administrator.save()
    worker_client = Client()
    # Signing in through allauth records the session against the person (as in real use).
    worker_client.post(reverse("account_login"), {"login": worker.email, "password": settings.RECOVERY_DEMO_PASSWORD})
    session_key = worker_client.session.session_key
    membership = Membership.objects.get(user=worker)

    response = client_for(mfa_administrator).post(
        reverse("admin:accounts_user_change", args=[worker.pk]),
        {
            "email": worker.email,
            "full_name": worker.full_name,
            "preferred_name": "",
            "job_title": worker.job_title,
            # "is_active" left out: the box is unticked
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": membership.pk,
            "memberships-0-user": worker.pk,
            "memberships-0-role": membership.role,
            "memberships-0-team": membership.team_id,
            "memberships-0-service": "",
        },
    )

    assert response.status_code == 302
    assert not Session.objects.filter(session_key=session_key).exists()
