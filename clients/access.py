"""The access gate for client records: every client view goes through ``client_for_user``.

Rules (DESIGN.md): a worker or read-only member sees the clients of their team(s),
restricted records only if allocated; a team leader sees everything in their team(s);
a service manager everything in their service(s); an administrator no client records.
Outside scope is a 404, unless the user has opened the record with break-glass access
(a typed reason, logged, time-limited, listed for the team leader), which lets them read it only.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from clients.models import Allocation, BreakGlassGrant, Client
from recovery.accounts.access import scope_for

BREAK_GLASS_HOURS = 4


def _allocated_to(user) -> Exists:
    return Exists(Allocation.objects.filter(client=OuterRef("pk"), worker=user, ended_at__isnull=True))


def _break_glass_for(user) -> Exists:
    return Exists(BreakGlassGrant.objects.filter(client=OuterRef("pk"), user=user, expires_at__gt=timezone.now()))


def visible_clients(user) -> QuerySet[Client]:
    """Every client the user may see in lists (break-glass records are opened one at a time, not listed)."""
    scope = scope_for(user)
    if not scope.visible_team_ids:
        return Client.objects.none()
    return Client.objects.filter(team_id__in=scope.visible_team_ids).filter(
        Q(is_restricted=False) | Q(team_id__in=scope.led_team_ids) | _allocated_to(user)
    )


def _in_scope(user, client: Client) -> bool:
    scope = scope_for(user)
    if client.team_id not in scope.visible_team_ids:
        return False
    if not client.is_restricted or client.team_id in scope.led_team_ids:
        return True
    return Allocation.objects.filter(client=client, worker=user, ended_at__isnull=True).exists()


def has_break_glass(user, client: Client) -> bool:
    return BreakGlassGrant.objects.filter(client=client, user=user, expires_at__gt=timezone.now()).exists()


def client_for_user(user, code, *, for_change: bool = False) -> Client:
    """The client with this code if the user may open it, else 404 (403 for a read-only write)."""
    try:
        client = Client.objects.select_related("team", "team__service", "lead_worker").get(code=code)
    except (Client.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
    if _in_scope(user, client):
        client.access_via_break_glass = False
        scope = scope_for(user)
        if for_change and client.team_id not in scope.changeable_team_ids:
            raise PermissionDenied("Your role lets you read this record but not change it.")
    elif has_break_glass(user, client):
        # Break-glass is for reading what is needed for someone's care, not for keeping their record.
        client.access_via_break_glass = True
        if for_change:
            raise PermissionDenied(
                "Break-glass access lets you read this record, not change it. "
                "Ask the person's team to record what you need to add."
            )
    else:
        raise Http404
    return client


def can_change_client(user, client: Client) -> bool:
    if getattr(client, "access_via_break_glass", False):
        return False
    return client.team_id in scope_for(user).changeable_team_ids


def can_lead_client(user, client: Client) -> bool:
    return client.team_id in scope_for(user).led_team_ids


def require_lead(user, client: Client) -> None:
    if not can_lead_client(user, client):
        raise PermissionDenied("Only the team leader or service manager can do this.")


def break_glass_expiry():
    return timezone.now() + timedelta(hours=BREAK_GLASS_HOURS)
