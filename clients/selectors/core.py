"""Caseloads, search, the client header and timeline."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from clients.access import visible_clients
from clients.models import AdvanceStatement, Allocation, Client, ClientLink, Contact, Episode, Referral
from recovery.accounts.access import scope_for
from recovery.accounts.models import Role, Team, User
from recovery.core.registries import (
    CaseloadFlag,
    ClientDueDate,
    TimelineCursor,
    TimelineEntry,
    caseload_flags,
    merged_timeline,
    next_due_dates,
)

# --- caseloads --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseloadRow:
    client: Client
    days_since_seen: int | None
    rag: str  # "green", "amber", "red" or "grey" (never seen)
    flags: list[CaseloadFlag]
    next_due: ClientDueDate | None

    @property
    def rag_label(self) -> str:
        if self.days_since_seen is None:
            return "Not seen yet"
        if self.days_since_seen == 0:
            return "Seen today"
        return f"{self.days_since_seen} day{'s' if self.days_since_seen != 1 else ''} since seen"


def _rag(days: int | None, client: Client) -> str:
    if days is None:
        return "grey"
    service = client.team.service
    if days >= service.not_seen_red_days:
        return "red"
    if days >= service.not_seen_amber_days:
        return "amber"
    return "green"


def caseload_rows(clients: list[Client], *, today: date | None = None) -> list[CaseloadRow]:
    """Decorate a page of clients with RAG, flags and next due date (one query per registry source)."""
    today = today or timezone.localdate()
    ids = [client.pk for client in clients]
    flags = caseload_flags(client_ids=ids)
    due = next_due_dates(client_ids=ids)
    rows = []
    for client in clients:
        days = (today - timezone.localdate(client.last_contact_at)).days if client.last_contact_at else None
        rows.append(CaseloadRow(client, days, _rag(days, client), flags.get(client.pk, []), due.get(client.pk)))
    return rows


def caseload_for_worker(*, user: User) -> QuerySet[Client]:
    """Open clients the user is lead or co-worker for."""
    allocated = Allocation.objects.filter(client=OuterRef("pk"), worker=user, ended_at__isnull=True)
    return (
        visible_clients(user)
        .filter(is_open=True)
        .filter(Q(lead_worker=user) | Exists(allocated))
        .select_related("team__service", "lead_worker")
    )


def team_clients(*, user: User, team: Team) -> QuerySet[Client]:
    """Open clients of one team the user can see (team leaders and managers see them all)."""
    return visible_clients(user).filter(team=team, is_open=True).select_related("team__service", "lead_worker")


@dataclass(frozen=True)
class WorkerLoad:
    worker: User
    clients: int
    not_seen: int


@dataclass(frozen=True)
class TeamSummary:
    team: Team
    workers: list[WorkerLoad]
    open_clients: int
    unallocated: int
    not_seen: int
    waiting: int
    pending_referrals: int


def team_summary(*, team: Team, today: date | None = None) -> TeamSummary:
    """Counts for the team leader: per-worker caseloads, unallocated, not seen, waiting."""
    today = today or timezone.localdate()
    not_seen_since = timezone.make_aware(
        datetime.combine(today - timedelta(days=team.service.not_seen_red_days), datetime.min.time())
    )
    not_seen_q = Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=not_seen_since)
    open_clients = Client.objects.filter(team=team, is_open=True)

    def count_of(queryset, group: str) -> Coalesce:
        # COUNT of the rows for the outer team, as a scalar subquery (grouped by team).
        return Coalesce(Subquery(queryset.order_by().values(group).annotate(n=Count("pk")).values("n")), 0)

    # Five counts in one query: scalar subqueries on the team's row.
    totals = (
        Team.objects.filter(pk=team.pk)
        .annotate(
            open=count_of(Client.objects.filter(team=OuterRef("pk"), is_open=True), "team"),
            unallocated=count_of(
                Client.objects.filter(team=OuterRef("pk"), is_open=True, lead_worker__isnull=True), "team"
            ),
            not_seen=count_of(Client.objects.filter(not_seen_q, team=OuterRef("pk"), is_open=True), "team"),
            waiting=count_of(
                Episode.objects.filter(client__team=OuterRef("pk"), started_on__isnull=True, ended_on__isnull=True),
                "client__team",
            ),
            pending=count_of(Referral.objects.filter(client__team=OuterRef("pk"), decision="pending"), "client__team"),
        )
        .values("open", "unallocated", "not_seen", "waiting", "pending")
        .get()
    )
    per_worker = {
        row["lead_worker"]: row
        for row in open_clients.filter(lead_worker__isnull=False)
        .values("lead_worker")
        .annotate(clients=Count("id"), not_seen=Count("id", filter=not_seen_q))
    }
    members = (
        User.objects.filter(
            is_active=True, memberships__team=team, memberships__role__in=[Role.WORKER, Role.TEAM_LEADER]
        )
        .distinct()
        .order_by("full_name")
    )
    workers = [
        WorkerLoad(
            member, per_worker.get(member.pk, {}).get("clients", 0), per_worker.get(member.pk, {}).get("not_seen", 0)
        )
        for member in members
    ]
    return TeamSummary(
        team=team,
        workers=workers,
        open_clients=totals["open"],
        unallocated=totals["unallocated"],
        not_seen=totals["not_seen"],
        waiting=totals["waiting"],
        pending_referrals=totals["pending"],
    )


def team_workers(*, team: Team) -> QuerySet[User]:
    """Staff who can hold a caseload in this team."""
    return (
        User.objects.filter(
            is_active=True, memberships__team=team, memberships__role__in=[Role.WORKER, Role.TEAM_LEADER]
        )
        .distinct()
        .order_by("full_name")
    )


def led_teams(*, user: User) -> QuerySet[Team]:
    return Team.objects.filter(id__in=scope_for(user).led_team_ids).select_related("service").order_by("name")


def recently_allocated(*, user: User, days: int = 14) -> QuerySet[Allocation]:
    since = timezone.now() - timedelta(days=days)
    return (
        Allocation.objects.filter(worker=user, started_at__gte=since, ended_at__isnull=True)
        .select_related("client", "allocated_by")
        .order_by("-started_at")
    )


def waiting_list(*, user: User, team: Team | None = None) -> QuerySet[Episode]:
    """Accepted, not yet started."""
    queryset = Episode.objects.filter(
        client__in=visible_clients(user), started_on__isnull=True, ended_on__isnull=True
    ).select_related("client", "referral")
    if team is not None:
        queryset = queryset.filter(client__team=team)
    return queryset.order_by("accepted_on", "id")


def pending_referrals(*, user: User, team: Team | None = None) -> QuerySet[Referral]:
    queryset = Referral.objects.filter(client__in=visible_clients(user), decision="pending").select_related("client")
    if team is not None:
        queryset = queryset.filter(client__team=team)
    return queryset.order_by("received_on", "id")


# --- search ----------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
SEARCH_LIMIT = 25


def client_search(*, user: User, query: str, limit: int = SEARCH_LIMIT) -> list[Client]:
    """Find clients the user may see by name (typo-tolerant), date of birth, NHS number or code."""
    query = " ".join(query.split())
    if not query:
        return []
    base = visible_clients(user).select_related("team", "lead_worker")
    digits = query.replace(" ", "")
    if digits.isdigit() and len(digits) == 10:
        return list(base.filter(nhs_number=digits)[:limit])
    if match := _DATE.match(query):
        day, month, year = (int(part) for part in match.groups())
        try:
            born = date(year, month, day)
        except ValueError:
            return []
        return list(base.filter(date_of_birth=born).order_by("last_name", "first_name")[:limit])
    try:
        return list(base.filter(code=uuid.UUID(query))[:limit])
    except ValueError:
        pass
    term = query.lower()
    # `%>` (word similarity) and `%` (whole-name similarity, for "Jon Smyth") both use the trigram
    # GIN index on search_name; containment catches short prefixes.
    return list(
        base.filter(
            Q(search_name__trigram_word_similar=term)
            | Q(search_name__trigram_similar=term)
            | Q(search_name__contains=term)
        )
        .annotate(similarity=TrigramWordSimilarity(term, "search_name"))
        .order_by("-similarity", "last_name", "first_name")[:limit]
    )


def possible_duplicates(
    *, first_name: str, last_name: str, date_of_birth: date | None, nhs_number: str = ""
) -> list[Client]:
    """Existing records that may be the same person, across all teams: same NHS number,
    or the same date of birth with a similar name. Shown before a record is created."""
    conditions = Q()
    if nhs_number:
        conditions |= Q(nhs_number=nhs_number.replace(" ", ""))
    if date_of_birth:
        name = f"{first_name} {last_name}".lower()
        conditions |= Q(date_of_birth=date_of_birth) & (
            Q(search_name__trigram_word_similar=name)
            | Q(last_name__iexact=last_name)
            | Q(first_name__iexact=first_name)
        )
    if not conditions:
        return []
    return list(Client.objects.filter(conditions).select_related("team", "team__service")[:10])


# --- client page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientHeader:
    client: Client
    age: int
    current_episode: Episode | None
    pending_referral: Referral | None
    advance_statement: AdvanceStatement | None
    flags: list[CaseloadFlag]


def client_header(*, client: Client) -> ClientHeader:
    """What every client page shows at the top (three queries plus one per flag source)."""
    # The current episode if there is one, else the most recent: one query.
    episode = client.episodes.order_by(F("ended_on").desc(nulls_first=True), "-accepted_on", "-id").first()
    statement = client.advance_statements.filter(is_current=True).order_by("-made_on").first()
    pending = None if episode else client.referrals.filter(decision="pending").order_by("-received_on").first()
    return ClientHeader(
        client=client,
        age=client.age_on(timezone.localdate()),
        current_episode=episode,
        pending_referral=pending,
        advance_statement=statement,
        flags=caseload_flags(client_ids=[client.pk]).get(client.pk, []),
    )


def linked_records(*, client: Client) -> list[ClientLink]:
    """Records marked as the same person as this one, in either direction (one query)."""
    return list(
        ClientLink.objects.filter(Q(client=client) | Q(linked_client=client)).select_related(
            "client", "linked_client", "linked_by"
        )
    )


def client_allocations(*, client: Client) -> QuerySet[Allocation]:
    return client.allocations.select_related("worker", "allocated_by").order_by("ended_at", "-started_at")


def recent_contacts(*, client: Client, limit: int = 5) -> QuerySet[Contact]:
    return client.contacts.select_related("recorded_by").order_by("-occurred_at", "-id")[:limit]


def contact_detail(*, client: Client, code) -> Contact:
    return (
        Contact.objects.select_related("recorded_by")
        .prefetch_related(
            Prefetch("amendments", queryset=Contact.amendments.rel.related_model.objects.select_related("amended_by")),
            Prefetch("disputes", queryset=Contact.disputes.rel.related_model.objects.select_related("recorded_by")),
        )
        .get(client=client, code=code)
    )


def client_timeline(*, client: Client, cursor: TimelineCursor | None = None, limit: int = 50) -> list[TimelineEntry]:
    return merged_timeline(client=client, cursor=cursor, limit=limit)


def contact_timeline_entries(*, client: Client, before: datetime | None, limit: int) -> list[TimelineEntry]:
    """Timeline source: contacts, newest first (one query, using contact_client_occurred)."""
    queryset = client.contacts.select_related("recorded_by").annotate(amendment_count=Count("amendments"))
    if before is not None:
        queryset = queryset.filter(occurred_at__lte=before)
    entries = []
    for contact in queryset.order_by("-occurred_at", "-code")[:limit]:
        title = f"{contact.get_contact_type_display()}: {contact.get_outcome_display().lower()}"
        if contact.is_late_entry:
            title += " (late entry)"
        if contact.amendment_count:
            title += " (amended)"
        entries.append(
            TimelineEntry(
                occurred_at=contact.occurred_at,
                source="contact",
                entry_id=str(contact.code),
                title=title,
                summary=contact.note[:300],
                actor=str(contact.recorded_by),
                url=f"/clients/{client.code}/contacts/{contact.code}/",
                icon="contact",
            )
        )
    return entries


def _noon(day: date) -> datetime:
    """Day-only events sit at midday on the timeline, so they sort sensibly among that day's contacts."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=12))


def episode_timeline_entries(*, client: Client, before: datetime | None, limit: int) -> list[TimelineEntry]:
    """Timeline source: referrals received and episodes started or ended (one query)."""
    entries = []
    # A client has a handful of referrals at most: read them all, then cut at the cursor.
    for referral in client.referrals.select_related("episode").order_by("-received_on"):
        entries.append(
            TimelineEntry(
                _noon(referral.received_on),
                "referral",
                f"{referral.code}-r",
                "Referral received",
                f"{referral.get_source_display()}: {referral.reason[:200]}",
            )
        )
        episode = getattr(referral, "episode", None)
        if episode and episode.started_on:
            entries.append(TimelineEntry(_noon(episode.started_on), "referral", f"{episode.code}-s", "Support started"))
        if episode and episode.ended_on:
            entries.append(
                TimelineEntry(
                    _noon(episode.ended_on),
                    "referral",
                    f"{episode.code}-e",
                    f"Support ended: {episode.get_end_reason_display().lower()}",
                )
            )
    if before is not None:
        entries = [entry for entry in entries if entry.occurred_at <= before]
    return sorted(entries, reverse=True)[:limit]


def staff_in_scope(*, user: User) -> QuerySet[User]:
    """Colleagues in the teams the user can see, for allocation pickers."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__team_id__in=scope_for(user).visible_team_ids,
            memberships__role__in=[Role.WORKER, Role.TEAM_LEADER],
        )
        .distinct()
        .order_by("full_name")
    )


__all__ = [
    "CaseloadRow",
    "ClientHeader",
    "TeamSummary",
    "WorkerLoad",
    "caseload_for_worker",
    "caseload_rows",
    "client_allocations",
    "client_header",
    "client_search",
    "client_timeline",
    "contact_detail",
    "contact_timeline_entries",
    "episode_timeline_entries",
    "led_teams",
    "linked_records",
    "pending_referrals",
    "possible_duplicates",
    "recent_contacts",
    "recently_allocated",
    "staff_in_scope",
    "team_clients",
    "team_summary",
    "team_workers",
    "waiting_list",
]
