"""django-allauth adapter: no self sign-up; failed-login limits per e-mail + IP."""

from __future__ import annotations

import time

from allauth.account.adapter import DefaultAccountAdapter

from recovery.accounts.middleware import SESSION_STARTED_KEY


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Staff accounts are created by administrators, never by sign-up.
        return False

    def login(self, request, user) -> None:
        super().login(request, user)
        # The 12-hour limit counts from signing in (AbsoluteSessionLimitMiddleware).
        request.session[SESSION_STARTED_KEY] = int(time.time())

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth counts failures per e-mail only; we count them per e-mail *and*
        # IP address so that someone guessing from elsewhere cannot lock a
        # colleague out of their own account. A separate per-IP limit still applies.
        return f"{self.get_client_ip(request)}:{super()._get_login_attempts_cache_key(request, **credentials)}"
