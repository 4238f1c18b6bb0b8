"""Session and MFA rules that apply to every request."""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

SESSION_STARTED_KEY = "recovery_session_started_at"


class AbsoluteSessionLimitMiddleware:
    """End a session 12 hours after sign-in, however active it has been.

    The idle limit (30 minutes) is Django's own SESSION_COOKIE_AGE, renewed on every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.setdefault(SESSION_STARTED_KEY, int(time.time()))
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(
                    request, "For your security you have been signed out after 12 hours. Please sign in again."
                )
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class AdministratorMfaMiddleware:
    """Administrators must set up an authenticator app before they can do anything else."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        # Checked on every request (one indexed query, administrators only), not cached in the
        # session: removing the authenticator must send the administrator back to set one up.
        if (
            user.is_authenticated
            and user.is_staff
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(
                request,
                "Administrators must use two-factor authentication. Set up an authenticator app to continue.",
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
