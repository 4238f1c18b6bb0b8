"""Reads for the "Network and consent" tab. The caller has opened the client through the access gate."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from clients import choices
from clients.models import AdvanceStatement, Client, ConsentRecord, NetworkMember


def active_network(*, client: Client) -> QuerySet[NetworkMember]:
    return client.network.filter(is_active=True).order_by("relationship", "name", "id")


def inactive_network(*, client: Client) -> QuerySet[NetworkMember]:
    """Former members, with when and why they stopped being involved."""
    return client.network.filter(is_active=False).order_by("name", "id")


def network_member_for_client(*, client: Client, code, active_only: bool = True) -> NetworkMember:
    """The member with this code in this client's network (DoesNotExist otherwise)."""
    queryset = client.network.all()
    if active_only:
        queryset = queryset.filter(is_active=True)
    return queryset.get(code=code)


@dataclass
class ConsentKindSummary:
    kind: str
    label: str
    current: ConsentRecord | None = None
    earlier: list[ConsentRecord] = field(default_factory=list)


def consent_summary(*, client: Client) -> list[ConsentKindSummary]:
    """Every kind of consent with its newest decision and the decisions it superseded (one query)."""
    summaries = {kind: ConsentKindSummary(kind, label) for kind, label in choices.CONSENT_KIND}
    records = client.consents.select_related("recorded_by").order_by("-decided_on", "-recorded_at", "-id")
    for record in records:
        summary = summaries.setdefault(record.kind, ConsentKindSummary(record.kind, record.get_kind_display()))
        if summary.current is None:
            summary.current = record
        else:
            summary.earlier.append(record)
    # Kinds with a decision first (newest decision first), then the ones nobody has asked about yet.
    recorded = sorted(
        (s for s in summaries.values() if s.current),
        key=lambda s: (s.current.decided_on, s.current.recorded_at),
        reverse=True,
    )
    return recorded + [s for s in summaries.values() if s.current is None]


def advance_statements(*, client: Client) -> QuerySet[AdvanceStatement]:
    """Current statements first, then earlier ones, newest first."""
    return client.advance_statements.select_related("recorded_by", "document").order_by(
        "-is_current", "-made_on", "-id"
    )


def advance_statement_for_client(*, client: Client, code) -> AdvanceStatement:
    return client.advance_statements.select_related("document").get(code=code)
