"""Who may see safeguarding details, on top of the client access gate (``clients.access``).

Everyone who can open the client sees that an open concern exists (the flag), so nobody
visits unaware. The details (what happened, who is at risk, the household) are for the
people who need them (Caldicott: need to know):

- the allocated workers (lead or co-worker, open allocation);
- the team leader of the client's team, and the service manager (``led_team_ids`` holds both);
- the person who raised that concern.

Anyone else who can see the client gets a 403 with a message saying who can see it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef

from clients.models import Allocation, Client
from recovery.accounts.access import scope_for

HIDDEN_MESSAGE = (
    "Safeguarding details are only shown to the client's allocated workers, the team leader and the "
    "service manager. Speak to the team leader if you need to know more."
)


def allocated_exists(user) -> Exists:
    """For annotating rows that have a ``client``: is ``user`` allocated to that client now?"""
    return Exists(Allocation.objects.filter(client=OuterRef("client"), worker=user, ended_at__isnull=True))


def remember_allocation(user, client: Client, *, allocated: bool) -> None:
    """Keep an allocation answer already read with other rows, for ``is_allocated`` to reuse."""
    client.__dict__.setdefault("_risk_allocated", {})[user.pk] = allocated


def is_allocated(user, client: Client) -> bool:
    """An open lead or co-worker allocation (cached on the client for the rest of the request)."""
    cache = client.__dict__.setdefault("_risk_allocated", {})
    if user.pk not in cache:
        cache[user.pk] = Allocation.objects.filter(client=client, worker=user, ended_at__isnull=True).exists()
    return cache[user.pk]


def can_see_safeguarding(user, client: Client) -> bool:
    """May see the details of every concern for this client."""
    if getattr(client, "access_via_break_glass", False):
        # Break-glass opens the record for care, not the safeguarding file of another team.
        return False
    return client.team_id in scope_for(user).led_team_ids or is_allocated(user, client)


def can_see_concern(user, client: Client, concern) -> bool:
    return concern.raised_by_id == user.pk or can_see_safeguarding(user, client)


def require_concern_visible(user, client: Client, concern) -> None:
    if not can_see_concern(user, client, concern):
        raise PermissionDenied(HIDDEN_MESSAGE)
