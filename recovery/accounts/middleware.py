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
SESSION_REFRESHED_KEY = "recovery_session_refreshed_at"


def mark_session_fresh(sender, request, user, **kwargs) -> None:
    """At sign-in the session row is written anyway: count that as its first refresh, and as the
    start of the 12-hour limit, so the next request has nothing new to save."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session.setdefault(SESSION_STARTED_KEY, now)
        request.session[SESSION_REFRESHED_KEY] = now


class SessionRefreshMiddleware:
    """Move the 30-minute idle expiry forward at most once a minute.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) cost every page an UPDATE
    of its session row. Marking the session changed once ``SESSION_REFRESH_SECONDS`` have passed
    keeps the idle limit to within a minute and saves that query on almost every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - session.get(SESSION_REFRESHED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[SESSION_REFRESHED_KEY] = now
        return response


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
