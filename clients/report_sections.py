"""Commissioner report sections and data-quality checks from client records.

Each ``*_compute(*, start, end, service_ids)`` returns raw figures as JSON-ready dicts (one
aggregate query or two, whatever the size of the service); ``*_rows(data)`` turns them into the
``(figure, breakdown, value)`` rows of the ``ReportSection`` contract. Targets are compared by
the report itself. Dates are UK dates; contacts are counted by their UK date and time
(``period_bounds``), so a contact at 00:30 BST on 1 July is in July's quarter.

Caseload identities hold by construction: caseload at the start + starts − exits = caseload at
the end ("open at the start" means started before the first day and not ended before it).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from clients import choices
from clients.models import Client, Contact, Episode, Referral
from recovery.core.registries import DataQualityIssue, DataQualityResult
from recovery.reports.helpers import median_or_none, percent
from recovery.reports.periods import LONDON, period_bounds

Row = tuple[str, str, Any]

# --- who is in the report --------------------------------------------------------------------


def episodes_in(service_ids: Sequence[int]) -> QuerySet[Episode]:
    return Episode.objects.filter(client__team__service_id__in=service_ids)


def open_at_end(end: date) -> Q:
    """An episode open at the end of the last day."""
    return Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=end))


def open_at_start(start: date) -> Q:
    """An episode open at the start of the first day."""
    return Q(started_on__lt=start) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))


def supported_during(start: date, end: date) -> Q:
    """An episode open on at least one day of the period."""
    return Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))


def caseload_client_ids_at_end(*, end: date, service_ids: Sequence[int]) -> list[int]:
    """Clients on the caseload at the end of the period (for plans and risk sections too)."""
    return list(episodes_in(service_ids).filter(open_at_end(end)).values_list("client_id", flat=True).distinct())


# --- referrals -------------------------------------------------------------------------------


def referrals_compute(*, start: date, end: date, service_ids: Sequence[int]) -> dict[str, Any]:
    """Referrals by their coded fields only (source, decision). Why a referral was declined and where
    it was signposted are clinical free text, written for the record and not for a commissioner: they
    can name people and places, so they never leave the service, not even as a breakdown label."""
    referrals = Referral.objects.filter(client__team__service_id__in=service_ids)
    received = referrals.filter(received_on__range=(start, end))
    by_source = dict(received.values_list("source").annotate(n=Count("id")).values_list("source", "n"))
    decided = referrals.filter(decided_on__range=(start, end))
    by_decision = dict(decided.values_list("decision").annotate(n=Count("id")).values_list("decision", "n"))
    awaiting = referrals.filter(received_on__lte=end).filter(Q(decided_on__isnull=True) | Q(decided_on__gt=end))
    return {
        "received": sum(by_source.values()),
        "by_source": by_source,
        "accepted": by_decision.get("accepted", 0),
        "declined": by_decision.get("declined", 0),
        "signposted": by_decision.get("signposted", 0),
        "awaiting_decision_at_end": awaiting.count(),
    }


def referrals_rows(data: dict[str, Any]) -> Iterable[Row]:
    yield ("Referrals received", "", data["received"])
    for value, label in choices.REFERRAL_SOURCE:
        if data["by_source"].get(value):
            yield ("Referrals received", f"Source: {label}", data["by_source"][value])
    yield ("Referrals accepted", "", data["accepted"])
    yield ("Referrals declined", "", data["declined"])
    yield ("Referrals signposted elsewhere", "", data["signposted"])
    yield ("Referrals awaiting a decision at the end of the period", "", data["awaiting_decision_at_end"])


# --- starts, caseload and exits ---------------------------------------------------------------


def caseload_compute(*, start: date, end: date, service_ids: Sequence[int]) -> dict[str, Any]:
    episodes = episodes_in(service_ids)
    counts = episodes.aggregate(
        at_start=Count("client", filter=open_at_start(start), distinct=True),
        at_end=Count("client", filter=open_at_end(end), distinct=True),
        starts=Count("id", filter=Q(started_on__range=(start, end))),
        waiting_at_end=Count(
            "id",
            filter=Q(accepted_on__lte=end)
            & (Q(started_on__isnull=True) | Q(started_on__gt=end))
            & (Q(ended_on__isnull=True) | Q(ended_on__gt=end)),
        ),
    )
    starts_by_source = dict(
        episodes.filter(started_on__range=(start, end), referral__isnull=False)
        .values_list("referral__source")
        .annotate(n=Count("id"))
        .values_list("referral__source", "n")
    )
    return {**counts, "starts_by_source": starts_by_source}


def caseload_rows(data: dict[str, Any]) -> Iterable[Row]:
    yield ("Caseload at the start of the period", "", data["at_start"])
    yield ("Starts", "", data["starts"])
    for value, label in choices.REFERRAL_SOURCE:
        if data["starts_by_source"].get(value):
            yield ("Starts", f"Referred by: {label}", data["starts_by_source"][value])
    yield ("Caseload at the end of the period", "", data["at_end"])
    yield ("Accepted and waiting to start at the end of the period", "", data["waiting_at_end"])


def exits_compute(*, start: date, end: date, service_ids: Sequence[int]) -> dict[str, Any]:
    exits = episodes_in(service_ids).filter(ended_on__range=(start, end), started_on__isnull=False)
    by_reason = dict(exits.values_list("end_reason").annotate(n=Count("id")).values_list("end_reason", "n"))
    destinations = dict(
        exits.filter(end_reason="planned_move_on")
        .values_list("move_on_destination")
        .annotate(n=Count("id"))
        .values_list("move_on_destination", "n")
    )
    total = sum(by_reason.values())
    planned = by_reason.get("planned_move_on", 0)
    return {
        "exits": total,
        "by_reason": by_reason,
        "planned_move_on": planned,
        "planned_move_on_percent": percent(planned, total),
        "destinations": destinations,
    }


def exits_rows(data: dict[str, Any]) -> Iterable[Row]:
    yield ("Exits", "", data["exits"])
    for value, label in [*choices.END_REASON, ("", "Not recorded")]:
        if data["by_reason"].get(value):
            yield ("Exits", f"Reason: {label}", data["by_reason"][value])
    yield ("Planned move-on", "", data["planned_move_on"])
    for value, label in [*choices.MOVE_ON_DESTINATION, ("", "Not recorded")]:
        if data["destinations"].get(value):
            yield ("Planned move-on", f"Moved on to: {label}", data["destinations"][value])
    yield ("Planned move-on (%)", "", data["planned_move_on_percent"])


# --- time from referral to first and second contact ---------------------------------------------

CONTACT_BANDS = (
    (0, 7, "0 to 7 days"),
    (8, 14, "8 to 14 days"),
    (15, 28, "15 to 28 days"),
    (29, None, "29 days or more"),
)


def _band(days: int | None) -> str:
    if days is None:
        return "No contact by the end of the period"
    for low, high, label in CONTACT_BANDS:
        if days >= low and (high is None or days <= high):
            return label
    return CONTACT_BANDS[0][2]


def contact_times_compute(*, start: date, end: date, service_ids: Sequence[int]) -> dict[str, Any]:
    """For people who started in the period: days from the referral to their first and second attended
    contacts on or after the day the referral was received (contacts up to the end of the period)."""
    cohort = list(
        episodes_in(service_ids)
        .filter(started_on__range=(start, end), referral__isnull=False)
        .values_list("client_id", "referral__received_on")
    )
    received_by_client: dict[int, date] = {}
    for client_id, received_on in cohort:
        received_by_client[client_id] = min(received_on, received_by_client.get(client_id, received_on))
    firsts: dict[int, list[date]] = defaultdict(list)
    if cohort:
        earliest = min(received_by_client.values())
        _, until = period_bounds(start, end)
        since, _ = period_bounds(earliest, earliest)
        contacts = (
            Contact.objects.filter(
                client_id__in=list(received_by_client),
                outcome="attended",
                occurred_at__gte=since,
                occurred_at__lt=until,
            )
            .order_by("client_id", "occurred_at", "id")
            .values_list("client_id", "occurred_at")
        )
        for client_id, occurred_at in contacts.iterator():
            day = occurred_at.astimezone(LONDON).date()
            if day >= received_by_client[client_id] and len(firsts[client_id]) < 2:
                firsts[client_id].append(day)
    first_days, second_days = [], []
    for client_id, received_on in received_by_client.items():
        seen = firsts.get(client_id, [])
        first_days.append((seen[0] - received_on).days if seen else None)
        second_days.append((seen[1] - received_on).days if len(seen) > 1 else None)
    bands = [label for _, _, label in CONTACT_BANDS] + ["No contact by the end of the period"]
    return {
        "people": len(received_by_client),
        "first_median_days": median_or_none(days for days in first_days if days is not None),
        "second_median_days": median_or_none(days for days in second_days if days is not None),
        "first_bands": {band: sum(1 for days in first_days if _band(days) == band) for band in bands},
        "second_bands": {band: sum(1 for days in second_days if _band(days) == band) for band in bands},
    }


def contact_times_rows(data: dict[str, Any]) -> Iterable[Row]:
    yield ("People who started in the period", "", data["people"])
    yield ("Days from referral to first contact (median)", "", data["first_median_days"])
    for band, count in data["first_bands"].items():
        yield ("First contact", band, count)
    yield ("Days from referral to second contact (median)", "", data["second_median_days"])
    for band, count in data["second_bands"].items():
        yield ("Second contact", band, count)


# --- contacts ----------------------------------------------------------------------------------


def contacts_compute(*, start: date, end: date, service_ids: Sequence[int]) -> dict[str, Any]:
    since, until = period_bounds(start, end)
    contacts = Contact.objects.filter(
        client__team__service_id__in=service_ids, occurred_at__gte=since, occurred_at__lt=until
    )
    by_type_outcome = list(contacts.values_list("contact_type", "outcome").annotate(n=Count("id")))
    by_type: Counter[str] = Counter()
    by_outcome: Counter[str] = Counter()
    for contact_type, outcome, count in by_type_outcome:
        by_type[contact_type] += count
        by_outcome[outcome] += count
    attended, missed = by_outcome.get("attended", 0), by_outcome.get("did_not_attend", 0)
    return {
        "contacts": sum(by_type.values()),
        "by_type": dict(by_type),
        "by_outcome": dict(by_outcome),
        "people_seen": contacts.filter(outcome="attended").values("client_id").distinct().count(),
        "dna_percent": percent(missed, attended + missed),
    }


def contacts_rows(data: dict[str, Any]) -> Iterable[Row]:
    yield ("Contacts", "", data["contacts"])
    for value, label in choices.CONTACT_TYPE:
        if data["by_type"].get(value):
            yield ("Contacts", f"Type: {label}", data["by_type"][value])
    for value, label in [*choices.CONTACT_OUTCOME, ("", "Not recorded")]:
        if data["by_outcome"].get(value):
            yield ("Contacts", f"Outcome: {label}", data["by_outcome"][value])
    yield ("People seen at least once", "", data["people_seen"])
    yield ("Did not attend rate (%)", "", data["dna_percent"])


# --- equality monitoring ----------------------------------------------------------------------

AGE_BANDS = ((0, 17, "Under 18"), (18, 24, "18 to 24"), (25, 34, "25 to 34"), (35, 44, "35 to 44"))
AGE_BANDS += ((45, 54, "45 to 54"), (55, 64, "55 to 64"), (65, 200, "65 or over"))
# The nine protected characteristics (Equality Act 2010); age comes from the date of birth.
CHARACTERISTICS = (
    ("disability", "Disability", choices.YES_NO),
    ("gender_reassignment", "Gender reassignment", choices.YES_NO),
    ("marital_status", "Marriage and civil partnership", choices.MARITAL_STATUS),
    ("pregnancy_maternity", "Pregnancy and maternity", choices.YES_NO),
    ("ethnicity", "Race (ethnic group)", choices.ETHNICITY),
    ("religion", "Religion or belief", choices.RELIGION),
    ("sex", "Sex", choices.SEX),
    ("sexual_orientation", "Sexual orientation", choices.SEXUAL_ORIENTATION),
)


def age_band(born: date, on: date) -> str:
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return next(label for low, high, label in AGE_BANDS if low <= age <= high)


def supported_clients(*, start: date, end: date, service_ids: Sequence[int]) -> QuerySet[Client]:
    ids = episodes_in(service_ids).filter(supported_during(start, end)).values("client_id")
    return Client.objects.filter(id__in=ids)


def equality_compute(*, start: date, end: date, service_ids: Sequence[int]) -> dict[str, Any]:
    """People supported on any day of the period, by each protected characteristic (age at the end)."""
    fields = [name for name, _, _ in CHARACTERISTICS]
    people = list(
        supported_clients(start=start, end=end, service_ids=service_ids).values_list("date_of_birth", *fields)
    )
    breakdown: dict[str, Counter[str]] = {"age": Counter(age_band(row[0], end) for row in people)}
    for index, name in enumerate(fields, start=1):
        breakdown[name] = Counter(row[index] for row in people)
    return {"people": len(people), "breakdown": {name: dict(counts) for name, counts in breakdown.items()}}


def equality_rows(data: dict[str, Any]) -> Iterable[Row]:
    yield ("People supported in the period", "", data["people"])
    ages = data["breakdown"]["age"]
    for _, _, label in AGE_BANDS:
        if ages.get(label):
            yield ("Age at the end of the period", label, ages[label])
    for name, title, options in CHARACTERISTICS:
        counts = data["breakdown"][name]
        for value, label in [*options, ("", "Not recorded")]:
            if counts.get(value):
                yield (title, label, counts[value])


# --- data-quality checks ------------------------------------------------------------------------


def _client_issue(client_id_code_name: tuple[Any, ...], text: str, url_name: str = "clients:edit") -> DataQualityIssue:
    code, first_name, last_name, preferred_name = client_id_code_name
    return DataQualityIssue(f"{preferred_name or first_name} {last_name}: {text}", reverse(url_name, args=[code]))


def missing_equality_find(*, start: date, end: date, service_ids: Sequence[int], limit: int) -> DataQualityResult:
    missing = Q()
    for name, _, _ in CHARACTERISTICS:
        missing |= Q(**{name: ""})
    clients = supported_clients(start=start, end=end, service_ids=service_ids).filter(missing)
    examples = [
        _client_issue(row, "equality monitoring not complete")
        for row in clients.order_by("last_name", "first_name", "id").values_list(
            "code", "first_name", "last_name", "preferred_name"
        )[:limit]
    ]
    return DataQualityResult(count=clients.count(), examples=examples)


def episode_end_find(*, start: date, end: date, service_ids: Sequence[int], limit: int) -> DataQualityResult:
    episodes = (
        episodes_in(service_ids)
        .filter(ended_on__range=(start, end))
        .filter(Q(end_reason="") | Q(end_reason="planned_move_on", move_on_destination=""))
    )
    rows = episodes.order_by("ended_on", "id").values_list(
        "client__code", "client__first_name", "client__last_name", "client__preferred_name", "ended_on", "end_reason"
    )[:limit]
    examples = [
        _client_issue(
            row[:4],
            f"support ended {row[4]:%-d %b %Y} without " + ("a move-on destination" if row[5] else "an end reason"),
            "clients:episodes",
        )
        for row in rows
    ]
    return DataQualityResult(count=episodes.count(), examples=examples)


def contact_outcome_find(*, start: date, end: date, service_ids: Sequence[int], limit: int) -> DataQualityResult:
    since, until = period_bounds(start, end)
    contacts = Contact.objects.filter(
        client__team__service_id__in=service_ids, occurred_at__gte=since, occurred_at__lt=until, outcome=""
    )
    rows = contacts.order_by("occurred_at", "id").values_list(
        "client__code", "client__first_name", "client__last_name", "client__preferred_name", "occurred_at", "code"
    )[:limit]
    examples = [
        DataQualityIssue(
            f"{row[3] or row[1]} {row[2]}: contact on {row[4].astimezone(LONDON):%-d %b %Y} has no outcome",
            reverse("clients:contact_detail", args=[row[0], row[5]]),
        )
        for row in rows
    ]
    return DataQualityResult(count=contacts.count(), examples=examples)


# --- definitions printed in the report's appendix ---------------------------------------------

REFERRALS_DEFINITION = (
    "Referrals received: referrals with a received date in the period. Accepted, declined and signposted: "
    "decisions made in the period, whenever the referral arrived. Awaiting a decision: received by the end "
    "of the period with no decision by then. Counted for clients whose team belongs to the service. "
    "Reasons for declining and where people were signposted are free text on their records, so they are "
    "not reported."
)
CASELOAD_DEFINITION = (
    "Caseload at the start: people whose support started before the first day and had not ended before it. "
    "Starts: support that started in the period. Caseload at the end: support started by the last day and "
    "not ended by it. So caseload at the start + starts − exits = caseload at the end."
)
EXITS_DEFINITION = (
    "Exits: support that had started and ended in the period, by the recorded end reason. Planned move-on (%): "
    "exits recorded as a planned move-on, as a percentage of all exits (empty when nobody left)."
)
CONTACT_TIMES_DEFINITION = (
    "For each person whose support started in the period: whole days from the day the referral was received "
    "to the UK date of their first and second attended contacts on or after that day, counting contacts up "
    "to the end of the period. Medians are of the people who had that contact."
)
CONTACTS_DEFINITION = (
    "Contacts logged with a date and time (UK time) in the period, by type and outcome. Did not attend rate: "
    "contacts the person did not attend, as a percentage of those attended or not attended "
    "(cancellations are left out)."
)
EQUALITY_DEFINITION = (
    "Everyone supported on at least one day of the period, by the nine protected characteristics of the "
    "Equality Act 2010. Age is at the end of the period, from the date of birth. “Prefer not to say” is an "
    "answer; “Not recorded” means the question has not been asked yet."
)
