"""Every write to staff, services, teams and memberships."""

from __future__ import annotations

from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.db import transaction

from recovery.accounts.access import forget_scope
from recovery.accounts.models import Membership, Role, Service, Team, User
from recovery.audit.history import acting


@transaction.atomic
def user_create(
    *,
    email: str,
    full_name: str,
    password: str | None = None,
    job_title: str = "",
    is_administrator: bool = False,
    by: User | None = None,
) -> User:
    with acting(by):
        user = User.objects.create_user(
            email=email,
            password=password,
            full_name=full_name,
            job_title=job_title,
            is_staff=is_administrator,
        )
        if password is None:
            user.set_unusable_password()
            user.save(update_fields=["password"])
    return user


@transaction.atomic
def user_deactivate(*, user: User, by: User | None) -> User:
    """End this person's access at once: inactive, and every session of theirs deleted."""
    with acting(by):
        user.is_active = False
        user.save(update_fields=["is_active"])
        for user_session in UserSession.objects.filter(user=user):
            Session.objects.filter(session_key=user_session.session_key).delete()
            user_session.delete()
    return user


@transaction.atomic
def user_reactivate(*, user: User, by: User | None) -> User:
    with acting(by):
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def service_create(*, name: str, by: User | None = None, **settings_fields) -> Service:
    with acting(by):
        return Service.objects.create(name=name, **settings_fields)


@transaction.atomic
def team_create(*, service: Service, name: str, by: User | None = None) -> Team:
    with acting(by):
        return Team.objects.create(service=service, name=name)


@transaction.atomic
def membership_grant(
    *,
    user: User,
    role: Role | str,
    team: Team | None = None,
    service: Service | None = None,
    by: User | None = None,
) -> Membership:
    """Give a role in a team, or (service manager) over a service. Granting twice is harmless."""
    if role == Role.SERVICE_MANAGER:
        if service is None or team is not None:
            raise ValueError("A service manager's role is over a service, not a team.")
    elif team is None or service is not None:
        raise ValueError("This role is held in a team: choose the team.")
    with acting(by):
        membership, _ = Membership.objects.get_or_create(user=user, role=role, team=team, service=service)
    forget_scope(user)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, by: User | None = None) -> None:
    with acting(by):
        membership.delete()
    forget_scope(membership.user)
