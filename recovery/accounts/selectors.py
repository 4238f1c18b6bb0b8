"""Reads about staff, teams and roles."""

from __future__ import annotations

from django.db.models import QuerySet

from recovery.accounts.models import Membership, User


def memberships_for(*, user: User) -> QuerySet[Membership]:
    """The user's roles with their team/service, for the home page."""
    return (
        Membership.objects.filter(user=user)
        .select_related("team", "team__service", "service")
        .order_by("role", "team__name", "service__name")
    )


def user_with_role(*, role: str) -> User | None:
    """The first active user holding ``role`` ("administrator" for administrators); used by bench."""
    users = User.objects.filter(is_active=True).order_by("id")
    if role == "administrator":
        return users.filter(is_staff=True).first()
    return users.filter(memberships__role=role).first()
