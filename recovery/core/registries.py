"""Registries through which domain apps plug into the core.

``recovery`` never imports a domain app. Instead each app fills these small,
typed registries in its ``AppConfig.ready()``:

========================  ==================================================  ==============================
registry                  what an app registers                               used by
========================  ==================================================  ==============================
``reminder_sources``      things that fall due, as a selector of due items    reminder sweep, "due this week"
``client_access_checks``  which of some clients a user may see, in bulk       reminder sweep and digests
``timeline_sources``      entries to merge into a client's timeline           client page
``caseload_flag_sources`` per-client flags computed in bulk                   caseload views
``client_due_date_sources`` the next thing due per client, in bulk            caseload views
``report_sections``       a section of the commissioner report                commissioner reports
``data_quality_checks``   a check run before a report is built                commissioner reports
``client_tabs``           a tab on the client page                            client pages
``home_panels``           a panel on the home page ("My caseload", ...)        home page
``contact_detail_panels`` a panel on a contact's page (escalations, ...)      contact page
``contact_form_extensions`` extra fields on the log-a-contact form              contact form
``navigation``            a link in the main navigation, shown by role        base template
``beat_schedule``         a periodic task for Celery beat                     ``manage.py install_schedule``
========================  ==================================================  ==============================
"""

from __future__ import annotations

import heapq
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, Protocol, TypeVar

from django.core.exceptions import ImproperlyConfigured


class _Keyed(Protocol):
    key: str


T = TypeVar("T", bound=_Keyed)


class Registry(Generic[T]):
    """An ordered set of entries, each with a unique ``key``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[str, T] = {}

    def register(self, entry: T) -> T:
        existing = self._entries.get(entry.key)
        if existing is not None and existing != entry:
            raise ImproperlyConfigured(f"{self.name}: '{entry.key}' is already registered.")
        self._entries[entry.key] = entry
        return entry

    def unregister(self, key: str) -> None:
        self._entries.pop(key, None)

    def get(self, key: str) -> T:
        try:
            return self._entries[key]
        except KeyError:
            raise KeyError(f"{self.name}: nothing registered as '{key}'.") from None

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._entries.values()))

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def keys(self) -> list[str]:
        return list(self._entries)


# --- reminders -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    """One thing that falls due, e.g. "support plan review for Sam, due 2 Dec 2026"."""

    source: str
    item_key: str  # stable id of the source item, e.g. the plan's UUID code
    title: str
    due_on: date
    team_id: int
    client_code: uuid.UUID | None = None
    responsible_user_id: int | None = None
    url: str = ""
    # The client's primary key (caseload flags are asked by id) and the name a digest groups by;
    # leave ``client_label`` empty when the item must not name the person in an e-mail.
    client_id: int | None = None
    client_label: str = ""


@dataclass(frozen=True)
class ReminderSource:
    """``due_items(today=..., until=...)`` returns every open item due on or before ``until``
    (overdue ones included). An item that stops appearing has been done."""

    key: str
    label: str
    due_items: Callable[..., Iterable[DueItem]]


reminder_sources: Registry[ReminderSource] = Registry("reminder sources")


def due_items(
    *, today: date, until: date, sources: Iterable[str] | None = None
) -> Iterator[tuple[str, DueItem | Exception]]:
    """Every registered source's due items. A source that raises yields its exception
    instead, so one broken source does not stop the others."""
    wanted = set(sources) if sources is not None else None
    for source in reminder_sources:
        if wanted is not None and source.key not in wanted:
            continue
        try:
            items = list(source.due_items(today=today, until=until))
        except Exception as error:  # noqa: BLE001 - recorded by the caller, never swallowed
            yield source.key, error
            continue
        for item in items:
            yield source.key, item


# --- who may see which client (for work done away from a request, such as reminder e-mails) --------


@dataclass(frozen=True)
class ClientAccessCheck:
    """``visible(user=..., client_ids=[...])`` returns the ids among ``client_ids`` that the user
    may see (restricted records, for example), in one query."""

    key: str
    visible: Callable[..., Iterable[int]]


client_access_checks: Registry[ClientAccessCheck] = Registry("client access checks")


def clients_visible_to(*, user: Any, client_ids: Iterable[int]) -> set[int]:
    """The ids among ``client_ids`` every registered check lets the user see (one query per check)."""
    visible = set(client_ids)
    for check in client_access_checks:
        if not visible:
            break
        visible &= set(check.visible(user=user, client_ids=sorted(visible)))
    return visible


# --- client timeline ------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class TimelineEntry:
    """One event on a client's timeline. Ordered by (occurred_at, source, entry_id)."""

    occurred_at: datetime
    source: str
    entry_id: str
    title: str = field(compare=False)
    summary: str = field(default="", compare=False)
    actor: str = field(default="", compare=False)
    url: str = field(default="", compare=False)
    icon: str = field(default="", compare=False)


@dataclass(frozen=True)
class TimelineCursor:
    """Keyset position: entries strictly older than this come next."""

    occurred_at: datetime
    source: str
    entry_id: str

    def is_after(self, entry: TimelineEntry) -> bool:
        return (entry.occurred_at, entry.source, entry.entry_id) < (self.occurred_at, self.source, self.entry_id)


@dataclass(frozen=True)
class TimelineSource:
    """``entries(client=..., before=..., limit=...)`` returns at most ``limit`` entries at or
    before ``before`` (a ``datetime`` or None), newest first, ties in descending ``entry_id``
    order (so that cutting at ``limit`` agrees with the merge order). One query per source."""

    key: str
    label: str
    entries: Callable[..., Sequence[TimelineEntry]]


timeline_sources: Registry[TimelineSource] = Registry("timeline sources")


def merged_timeline(*, client: Any, cursor: TimelineCursor | None = None, limit: int = 50) -> list[TimelineEntry]:
    """The newest ``limit`` entries across all sources, older than ``cursor``.

    Sources filter by time only, so entries at the cursor's own instant that were already
    shown come back and are dropped here; when that leaves a source short, it is asked again
    for more, so that many entries sharing one instant never cut a page short.
    """
    before = cursor.occurred_at if cursor else None
    streams = []
    for source in timeline_sources:
        wanted = limit
        while True:
            rows = source.entries(client=client, before=before, limit=wanted)
            kept = [row for row in rows if cursor is None or cursor.is_after(row)]
            if len(rows) < wanted or len(kept) >= limit:
                break
            wanted += len(rows) - len(kept)
        streams.append(sorted(kept, reverse=True))
    return list(heapq.merge(*streams, reverse=True))[:limit]


# --- caseload flags -------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseloadFlag:
    key: str
    label: str
    severity: str = "warning"  # "info", "warning" or "danger": colours the badge
    hint: str = ""  # what to do next, e.g. "Arrange a review"


@dataclass(frozen=True)
class CaseloadFlagSource:
    """``flags_for(client_ids=[...])`` returns {client_id: [flags]} in one query."""

    key: str
    label: str
    flags_for: Callable[..., Mapping[int, Sequence[CaseloadFlag]]]


caseload_flag_sources: Registry[CaseloadFlagSource] = Registry("caseload flag sources")


def caseload_flags(*, client_ids: Sequence[int]) -> dict[int, list[CaseloadFlag]]:
    """Flags for many clients at once: one call (so one query) per registered source."""
    merged: dict[int, list[CaseloadFlag]] = {client_id: [] for client_id in client_ids}
    if not client_ids:
        return merged
    for source in caseload_flag_sources:
        for client_id, flags in source.flags_for(client_ids=client_ids).items():
            if client_id in merged:
                merged[client_id].extend(flags)
    return merged


# --- next due dates per client ---------------------------------------------------------------


@dataclass(frozen=True)
class ClientDueDate:
    due_on: date
    label: str  # e.g. "Support plan review"


@dataclass(frozen=True)
class ClientDueDateSource:
    """``next_due_for(client_ids=[...])`` returns {client_id: ClientDueDate} in one query."""

    key: str
    label: str
    next_due_for: Callable[..., Mapping[int, ClientDueDate]]


client_due_date_sources: Registry[ClientDueDateSource] = Registry("client due date sources")


def next_due_dates(*, client_ids: Sequence[int]) -> dict[int, ClientDueDate]:
    """The earliest thing due for each client across all sources (one call per source)."""
    earliest: dict[int, ClientDueDate] = {}
    if not client_ids:
        return earliest
    for source in client_due_date_sources:
        for client_id, due in source.next_due_for(client_ids=client_ids).items():
            if client_id not in earliest or due.due_on < earliest[client_id].due_on:
                earliest[client_id] = due
    return earliest


# --- report sections ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportSection:
    """A section of the commissioner report.

    ``compute(start=..., end=..., service_ids=...)`` returns the section's figures as a
    JSON-serialisable dict (one selector feeds the PDF, the CSV and the on-screen preview;
    ``start`` and ``end`` are dates, both inclusive, in Europe/London).

    ``csv_rows(data)`` turns those figures into rows of ``(figure, breakdown, value)``:
    ``("Referrals received", "", 41)`` is a headline figure, exact in every output;
    ``("Referrals received", "Source: GP", 3)`` is a count in a breakdown, which the
    report shows as "<5" when it is at least 1 and below the service's suppression
    threshold. Percentages and means are given as floats and never suppressed.

    ``template`` renders the section with ``section``, ``data`` and ``rows`` (the rows after
    suppression) in its context, in the PDF and on the preview alike.
    """

    key: str
    title: str
    definition: str
    compute: Callable[..., Any]
    csv_rows: Callable[[Any], Iterable[Sequence[Any]]]
    template: str
    order: int = 100


report_sections: Registry[ReportSection] = Registry("report sections")


def ordered_report_sections() -> list[ReportSection]:
    return sorted(report_sections, key=lambda section: (section.order, section.key))


# --- data-quality checks before a report is built ---------------------------------------------


@dataclass(frozen=True)
class DataQualityIssue:
    """One record that falls short, with where to fix it."""

    label: str  # e.g. "Sam Patel: episode ended 3 Jun 2026 without an end reason"
    url: str = ""


@dataclass(frozen=True)
class DataQualityResult:
    count: int
    examples: Sequence[DataQualityIssue] = ()  # at most a screenful, with links to fix them


@dataclass(frozen=True)
class DataQualityCheck:
    """A check run before a commissioner report is built (missing equality data, episodes
    without an end reason, unpaired outcome readings...).

    ``find(start=..., end=..., service_ids=..., limit=...)`` returns how many records in the
    period fall short and up to ``limit`` examples; a few queries at most, whatever the count.
    """

    key: str
    label: str  # e.g. "Episodes ended without an end reason"
    find: Callable[..., DataQualityResult]
    hint: str = ""  # what to do, e.g. "Open each episode and record why it ended"
    order: int = 100


data_quality_checks: Registry[DataQualityCheck] = Registry("data-quality checks")


def ordered_data_quality_checks() -> list[DataQualityCheck]:
    return sorted(data_quality_checks, key=lambda check: (check.order, check.key))


# --- client page tabs ------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientTab:
    """A tab on the client page; ``url_name`` takes the client's code as its one argument.
    ``visible(user, client)`` may hide it (e.g. the access log for team leaders only)."""

    key: str
    label: str
    url_name: str
    order: int = 100
    visible: Callable[[Any, Any], bool] | None = None


client_tabs: Registry[ClientTab] = Registry("client tabs")


# --- home page panels -------------------------------------------------------------------------


@dataclass(frozen=True)
class HomePanel:
    """A panel on the home page. ``context(request)`` returns the panel's context, or None to hide it."""

    key: str
    template: str
    context: Callable[[Any], Mapping[str, Any] | None]
    order: int = 100


home_panels: Registry[HomePanel] = Registry("home panels")


def home_panels_for(request: Any) -> list[dict[str, Any]]:
    panels = []
    for panel in sorted(home_panels, key=lambda entry: (entry.order, entry.key)):
        context = panel.context(request)
        if context is not None:
            panels.append({"template": panel.template, "context": context})
    return panels


# --- contact page panels ----------------------------------------------------------------------


@dataclass(frozen=True)
class ContactDetailPanel:
    """A panel on a contact's page. ``context(request, contact)`` returns the panel's context,
    or None to hide it; the template gets it as ``panel``."""

    key: str
    template: str
    context: Callable[[Any, Any], Mapping[str, Any] | None]
    order: int = 100


contact_detail_panels: Registry[ContactDetailPanel] = Registry("contact detail panels")


def contact_detail_panels_for(request: Any, contact: Any) -> list[dict[str, Any]]:
    panels = []
    for panel in sorted(contact_detail_panels, key=lambda entry: (entry.order, entry.key)):
        context = panel.context(request, contact)
        if context is not None:
            panels.append({"template": panel.template, "context": context})
    return panels


# --- contact form extensions -------------------------------------------------------------------


@dataclass(frozen=True)
class ContactFormExtension:
    """Extra fields on the log-a-contact form (e.g. early warning signs noticed).

    ``context(client)`` returns the template's context, or None to leave the form as it is;
    ``template`` is included before the submit button with that context as ``extension``;
    ``save(contact, data)`` reads its own fields from the POST data once a new contact is saved.
    """

    key: str
    template: str
    context: Callable[[Any], Mapping[str, Any] | None]
    save: Callable[[Any, Any], None]
    order: int = 100


contact_form_extensions: Registry[ContactFormExtension] = Registry("contact form extensions")


def contact_form_extras(client: Any) -> list[dict[str, Any]]:
    """The extensions to show on this client's contact form: [{"template", "context"}]."""
    extras = []
    for extension in sorted(contact_form_extensions, key=lambda entry: (entry.order, entry.key)):
        context = extension.context(client)
        if context is not None:
            extras.append({"template": extension.template, "context": context})
    return extras


def contact_form_extensions_save(contact: Any, data: Any) -> None:
    """Let every extension save its fields for a newly logged contact."""
    for extension in sorted(contact_form_extensions, key=lambda entry: (entry.order, entry.key)):
        extension.save(contact, data)


# --- navigation and beat schedule -------------------------------------------------------------


@dataclass(frozen=True)
class NavItem:
    """A main-navigation link; ``visible(scope)`` decides who sees it.

    ``badge(user)``, if given, returns a number shown beside the label (0 shows nothing), read
    out as "<number> <badge_label>"; keep it to one cheap query, it runs on every page.
    """

    key: str
    label: str
    url_name: str
    visible: Callable[[Any], bool]
    order: int = 100
    badge: Callable[[Any], int] | None = None
    badge_label: str = ""


navigation: Registry[NavItem] = Registry("navigation")


@dataclass(frozen=True)
class ScheduledTask:
    """A periodic task installed in django-celery-beat by ``manage.py install_schedule``.

    Give either ``every_seconds`` or ``crontab`` (a dict of minute/hour/day_of_week/...
    in Europe/London).
    """

    key: str
    task: str
    every_seconds: int | None = None
    crontab: Mapping[str, str] | None = None
    description: str = ""
    queue: str | None = None

    def __post_init__(self) -> None:
        if (self.every_seconds is None) == (self.crontab is None):
            raise ImproperlyConfigured(f"{self.key}: give exactly one of every_seconds or crontab.")


beat_schedule: Registry[ScheduledTask] = Registry("beat schedule")
