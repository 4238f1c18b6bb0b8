"""Reads behind the pages about how people reach the service and the record.

- the way into support: a client's referrals and episodes, the team waiting list;
- who works with the person: allocation history (with who ended each allocation);
- before a referral: helpline and café brief contacts;
- outside one's scope: the exact-match search across the user's services, break-glass
  openings for the team leader, and "who viewed this record".

Everything is scoped through ``clients.access`` / ``scope_for`` like the core selectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from clients.access import visible_clients
from clients.models import Allocation, BriefContact, Client, Episode, Referral
from clients.selectors.core import pending_referrals, waiting_list
from recovery.accounts.access import scope_for
from recovery.accounts.models import Team, User
from recovery.audit.models import RecordAccess
from recovery.audit.selectors import break_glass_accesses, record_accesses_for_subject

# --- referrals and episodes ---------------------------------------------------------------------


def client_referrals(*, client: Client) -> QuerySet[Referral]:
    """Every referral of the person, newest first, with its episode (one query)."""
    return client.referrals.select_related("episode", "episode__ended_by", "decided_by", "created_by").order_by(
        "-received_on", "-id"
    )


def client_episodes_without_referral(*, client: Client) -> QuerySet[Episode]:
    """Episodes recorded without a referral (for example brought over from an old system)."""
    return client.episodes.filter(referral__isnull=True).select_related("ended_by").order_by("-accepted_on", "-id")


def client_referral(*, client: Client, code) -> Referral:
    try:
        return client.referrals.get(code=code)
    except (Referral.DoesNotExist, ValueError):
        raise Http404 from None


def client_episode(*, client: Client, code) -> Episode:
    try:
        return client.episodes.select_related("referral").get(code=code)
    except (Episode.DoesNotExist, ValueError):
        raise Http404 from None


@dataclass(frozen=True)
class WaitingRow:
    """A referral to decide or an accepted episode not yet started, with how long it has waited."""

    client: Client
    since: date
    days_waiting: int
    referral: Referral | None = None
    episode: Episode | None = None


def _days_since(day: date, today: date) -> int:
    return max((today - day).days, 0)


def team_waiting(*, user: User, team: Team | None = None, today: date | None = None) -> dict[str, list[WaitingRow]]:
    """Referrals awaiting a decision and accepted episodes not yet started, in the teams the
    user leads (or one of them), oldest first. Two queries whatever the number of rows."""
    today = today or timezone.localdate()
    led = scope_for(user).led_team_ids
    referrals = pending_referrals(user=user, team=team).filter(client__team_id__in=led).select_related("client__team")
    episodes = waiting_list(user=user, team=team).filter(client__team_id__in=led).select_related("client__team")
    return {
        "referrals": [
            WaitingRow(r.client, r.received_on, _days_since(r.received_on, today), referral=r) for r in referrals
        ],
        "episodes": [
            WaitingRow(e.client, e.accepted_on, _days_since(e.accepted_on, today), referral=e.referral, episode=e)
            for e in episodes
        ],
    }


# --- allocation ------------------------------------------------------------------------------------


def allocation_history(*, client: Client) -> tuple[list[Allocation], list[Allocation]]:
    """(current allocations, ended allocations newest first). One query."""
    allocations = list(
        client.allocations.select_related("worker", "allocated_by", "ended_by").order_by("-started_at", "-id")
    )
    current = [allocation for allocation in allocations if allocation.ended_at is None]
    ended = sorted(
        (allocation for allocation in allocations if allocation.ended_at is not None),
        key=lambda allocation: allocation.ended_at,
        reverse=True,
    )
    return current, ended


def client_allocation(*, client: Client, code) -> Allocation:
    try:
        return client.allocations.select_related("worker").get(code=code)
    except (Allocation.DoesNotExist, ValueError):
        raise Http404 from None


# --- brief contacts ----------------------------------------------------------------------------


def brief_contact_teams(*, user: User) -> QuerySet[Team]:
    """Teams whose helpline and café log the user may read and add to."""
    return Team.objects.filter(id__in=scope_for(user).changeable_team_ids).select_related("service").order_by("name")


def brief_contacts(*, user: User, team: Team) -> QuerySet[BriefContact]:
    if team.pk not in scope_for(user).changeable_team_ids:
        raise Http404
    return (
        BriefContact.objects.filter(team=team)
        .select_related("recorded_by", "referral__client")
        .order_by("-occurred_at", "-id")
    )


def brief_contact_for_user(*, user: User, code) -> BriefContact:
    """A brief contact of one of the user's teams, else 404."""
    try:
        return BriefContact.objects.select_related("team", "referral__client").get(
            code=code, team_id__in=scope_for(user).changeable_team_ids
        )
    except (BriefContact.DoesNotExist, ValueError):
        raise Http404 from None


# --- break-glass and the access log ---------------------------------------------------------------

EXACT_MATCH_LIMIT = 10


def clients_across_services(*, user: User) -> QuerySet[Client]:
    """Every client in any team of the user's services: only for exact-match lookups
    and the break-glass form, never for browsing."""
    return Client.objects.filter(team__service_id__in=scope_for(user).visible_service_ids)


def exact_match_search(
    *,
    user: User,
    nhs_number: str = "",
    first_name: str = "",
    last_name: str = "",
    date_of_birth: date | None = None,
) -> list[Client]:
    """Exact matches only: the NHS number, or the full name (legal or preferred first name)
    with the date of birth. Each result says whether the user can open it normally."""
    base = (
        clients_across_services(user=user)
        .select_related("team")
        .only(
            "code",
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "team__name",
            "team_id",
            "is_restricted",
        )
    )
    if nhs_number:
        matches = base.filter(nhs_number=nhs_number.replace(" ", ""))
    elif first_name and last_name and date_of_birth:
        matches = base.filter(
            Q(first_name__iexact=first_name.strip()) | Q(preferred_name__iexact=first_name.strip()),
            last_name__iexact=last_name.strip(),
            date_of_birth=date_of_birth,
        )
    else:
        return []
    results = list(matches.order_by("last_name", "first_name", "id")[:EXACT_MATCH_LIMIT])
    in_scope = set(visible_clients(user).filter(pk__in=[client.pk for client in results]).values_list("pk", flat=True))
    for client in results:
        client.in_scope = client.pk in in_scope
    return results


def break_glass_candidate(*, user: User, code) -> Client:
    """A client the user could open with break-glass (any team of their services), else 404."""
    try:
        return clients_across_services(user=user).select_related("team").get(code=code)
    except (Client.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def client_access_log(*, client: Client) -> QuerySet[RecordAccess]:
    """Who viewed, exported, printed or broke the glass on this record, newest first."""
    return record_accesses_for_subject(subject_code=client.code)


def break_glass_log(*, user: User, team: Team | None = None) -> QuerySet[RecordAccess]:
    """Break-glass openings of clients in the teams the user leads, newest first.

    The client codes go in as a subquery: a team can have thousands of clients.
    """
    team_ids = scope_for(user).led_team_ids
    if team is not None:
        team_ids = team_ids & {team.pk}
    codes = Client.objects.filter(team_id__in=team_ids).values("code")
    return break_glass_accesses(subject_codes=codes)


def clients_by_code(*, codes, user: User) -> dict:
    """The clients named on a page of access rows, by code (one query), within the led teams."""
    return {
        client.code: client
        for client in Client.objects.filter(code__in=set(codes), team_id__in=scope_for(user).led_team_ids)
        .select_related("team")
        .only("code", "first_name", "last_name", "preferred_name", "team__name", "team_id")
    }
