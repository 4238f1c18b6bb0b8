"""Creating and changing the client record itself."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from clients.access import break_glass_expiry
from clients.models import BreakGlassGrant, Client, ClientLink
from recovery.accounts.models import Team, User
from recovery.audit.history import acting
from recovery.audit.models import AccessAction
from recovery.audit.services import record_access_log
from recovery.core.concurrency import StaleEditError, bump_version, lock_current_version

__all__ = ["StaleEditError", "break_glass_open", "client_create", "client_link", "client_update"]

EDITABLE_FIELDS = frozenset(
    field.name
    for field in Client._meta.get_fields()
    if getattr(field, "editable", False)
    and field.concrete
    and field.name
    not in {
        "id",
        "code",
        "team",
        "lead_worker",
        "is_open",
        "last_contact_at",
        "consecutive_dna",
        "version",
        "created_at",
        "created_by",
        "search_name",
    }
)


def _clean(instance) -> None:
    instance.full_clean(validate_unique=False, validate_constraints=False)


@transaction.atomic
def client_create(*, team: Team, created_by: User, **fields: Any) -> Client:
    """Create a client record. The caller has shown possible duplicates first."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"client_create got unexpected fields: {', '.join(sorted(unknown))}")
    if fields.get("nhs_number"):
        fields["nhs_number"] = fields["nhs_number"].replace(" ", "")
    client = Client(team=team, created_by=created_by, **fields)
    _clean(client)
    with acting(created_by):
        client.save()
    return client


@transaction.atomic
def client_update(*, client: Client, by: User, expected_version: int, **fields: Any) -> Client:
    """Change details; refused with StaleEditError if the record moved on since ``expected_version``."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"client_update got unexpected fields: {', '.join(sorted(unknown))}")
    current = lock_current_version(client, expected_version=expected_version)
    if fields.get("nhs_number"):
        fields["nhs_number"] = fields["nhs_number"].replace(" ", "")
    for name, value in fields.items():
        setattr(current, name, value)
    _clean(current)
    bump_version(current)
    with acting(by):
        current.save()
    current.refresh_from_db()
    return current


@transaction.atomic
def client_link(*, client: Client, other: Client, reason: str, by: User) -> ClientLink:
    """Record that two records are the same person. Nothing is merged or deleted."""
    if client.pk == other.pk:
        raise ValidationError({"other": "Choose a different record: a record cannot be linked to itself."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why these records are the same person."})
    first, second = sorted([client, other], key=lambda record: record.pk)
    with acting(by):
        link, _ = ClientLink.objects.get_or_create(
            client=first, linked_client=second, defaults={"reason": reason.strip(), "linked_by": by}
        )
    return link


@transaction.atomic
def break_glass_open(*, request, client: Client, reason: str) -> BreakGlassGrant:
    """Open a record outside the user's scope for a few hours, with a reason that is logged."""
    reason = reason.strip()
    if len(reason) < 10:
        raise ValidationError({"reason": "Explain in a sentence why you need this record (at least 10 characters)."})
    with acting(request.user):
        grant = BreakGlassGrant.objects.create(
            client=client, user=request.user, reason=reason, expires_at=break_glass_expiry()
        )
    record_access_log(
        request=request, subject_code=client.code, action=AccessAction.BREAK_GLASS, reason=reason, detail="break-glass"
    )
    return grant
