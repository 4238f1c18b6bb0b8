"""The registries through which domain apps plug into the core."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured

from recovery.core import registries
from recovery.core.registries import (
    CaseloadFlag,
    CaseloadFlagSource,
    DueItem,
    Registry,
    ReminderSource,
    ReportSection,
    ScheduledTask,
    TimelineCursor,
    TimelineEntry,
    TimelineSource,
)

TODAY = date(2026, 11, 23)
NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Entry:
    key: str
    label: str = ""


@pytest.fixture
def only():
    """``only(registry, *entries)``: the registry holds just these entries for this test.

    Whatever the apps registered is put back, in its order, afterwards.
    """
    saved: list[tuple[Registry, list]] = []

    def install(registry: Registry, *entries):
        saved.append((registry, list(registry)))
        for existing in list(registry):
            registry.unregister(existing.key)
        for entry in entries:
            registry.register(entry)

    yield install
    for registry, entries in saved:
        for current in list(registry):
            registry.unregister(current.key)
        for entry in entries:
            registry.register(entry)


# --- Registry ---------------------------------------------------------------------------------


def test_it_registers_and_gets_an_entry():
    registry = Registry("test")
    entry = registry.register(Entry("plan_review"))

    assert registry.get("plan_review") is entry
    assert "plan_review" in registry
    assert len(registry) == 1


def test_it_refuses_a_second_entry_with_the_same_key():
    registry = Registry("test")
    registry.register(Entry("plan_review", "Support plan review"))

    with pytest.raises(ImproperlyConfigured, match="plan_review"):
        registry.register(Entry("plan_review", "Something else"))


def test_it_accepts_the_same_entry_registered_twice():
    registry = Registry("test")
    registry.register(Entry("plan_review", "Support plan review"))

    registry.register(Entry("plan_review", "Support plan review"))

    assert len(registry) == 1


def test_it_unregisters_an_entry():
    registry = Registry("test")
    registry.register(Entry("plan_review"))

    registry.unregister("plan_review")

    assert "plan_review" not in registry
    assert registry.keys() == []


def test_it_ignores_unregistering_an_unknown_key():
    registry = Registry("test")

    registry.unregister("nothing")

    assert len(registry) == 0


def test_it_names_the_registry_and_key_when_getting_an_unknown_entry():
    registry = Registry("reminder sources")

    with pytest.raises(KeyError, match="reminder sources: nothing registered as 'risk_review'"):
        registry.get("risk_review")


def test_it_iterates_in_registration_order():
    registry = Registry("test")
    for key in ("risk_review", "plan_review", "outcome_reading"):
        registry.register(Entry(key))

    assert [entry.key for entry in registry] == ["risk_review", "plan_review", "outcome_reading"]
    assert registry.keys() == ["risk_review", "plan_review", "outcome_reading"]


def test_it_lets_an_entry_be_unregistered_while_iterating():
    registry = Registry("test")
    for key in ("a", "b", "c"):
        registry.register(Entry(key))

    seen = []
    for entry in registry:
        seen.append(entry.key)
        registry.unregister(entry.key)

    assert (seen, len(registry)) == (["a", "b", "c"], 0)


# --- reminders ----------------------------------------------------------------------------------


def _due(source: str, key: str, due_on: date = TODAY) -> DueItem:
    return DueItem(source=source, item_key=key, title=f"{source} {key}", due_on=due_on, team_id=1)


def _broken_source(**kwargs):
    raise RuntimeError("plans table is locked")


def test_it_yields_a_broken_sources_exception_and_carries_on(only):
    only(
        registries.reminder_sources,
        ReminderSource("plan_review", "Support plan reviews", lambda **kw: [_due("plan_review", "p1")]),
        ReminderSource("risk_review", "Risk reviews", _broken_source),
        ReminderSource("outcome", "Outcome readings", lambda **kw: [_due("outcome", "o1"), _due("outcome", "o2")]),
    )

    results = list(registries.due_items(today=TODAY, until=TODAY + timedelta(days=7)))

    assert [key for key, _ in results] == ["plan_review", "risk_review", "outcome", "outcome"]
    assert isinstance(results[1][1], RuntimeError)
    assert [item.item_key for _, item in results if isinstance(item, DueItem)] == ["p1", "o1", "o2"]


def test_it_passes_today_and_until_to_each_source(only):
    calls = []
    only(registries.reminder_sources, ReminderSource("plan_review", "Plans", lambda **kw: calls.append(kw) or []))

    list(registries.due_items(today=TODAY, until=TODAY + timedelta(days=7)))

    assert calls == [{"today": TODAY, "until": TODAY + timedelta(days=7)}]


def test_it_asks_only_the_sources_named(only):
    only(
        registries.reminder_sources,
        ReminderSource("plan_review", "Plans", lambda **kw: [_due("plan_review", "p1")]),
        ReminderSource("risk_review", "Risk", lambda **kw: [_due("risk_review", "r1")]),
    )

    results = list(registries.due_items(today=TODAY, until=TODAY, sources=["risk_review"]))

    assert [item.item_key for _, item in results] == ["r1"]


# --- client timeline ----------------------------------------------------------------------------


def _entry(source: str, minutes_ago: int, entry_id: str) -> TimelineEntry:
    return TimelineEntry(
        occurred_at=NOON - timedelta(minutes=minutes_ago), source=source, entry_id=entry_id, title=entry_id
    )


def _source(key: str, entries: list[TimelineEntry], calls: list | None = None) -> TimelineSource:
    """A source that behaves as the contract asks: at most ``limit`` entries at or before
    ``before``, newest first, filtering by time only."""

    def fetch(*, client, before, limit):
        if calls is not None:
            calls.append({"client": client, "before": before, "limit": limit})
        rows = sorted((e for e in entries if before is None or e.occurred_at <= before), reverse=True)
        return rows[:limit]

    return TimelineSource(key, key.title(), fetch)


def _pages(limit: int) -> list[list[TimelineEntry]]:
    pages, cursor = [], None
    while True:
        page = registries.merged_timeline(client="client-1", cursor=cursor, limit=limit)
        if not page:
            return pages
        pages.append(page)
        last = page[-1]
        cursor = TimelineCursor(last.occurred_at, last.source, last.entry_id)
        assert len(pages) < 50, "paging does not end"


def test_it_merges_timeline_sources_newest_first(only):
    contacts = [_entry("contacts", 10, "c1"), _entry("contacts", 30, "c2")]
    plans = [_entry("plans", 20, "p1"), _entry("plans", 40, "p2")]
    only(registries.timeline_sources, _source("contacts", contacts), _source("plans", plans))

    timeline = registries.merged_timeline(client="client-1")

    assert [entry.entry_id for entry in timeline] == ["c1", "p1", "c2", "p2"]


def test_it_stops_the_timeline_at_the_limit(only):
    only(registries.timeline_sources, _source("contacts", [_entry("contacts", m, f"c{m}") for m in range(10)]))

    timeline = registries.merged_timeline(client="client-1", limit=3)

    assert [entry.entry_id for entry in timeline] == ["c0", "c1", "c2"]


def test_it_asks_each_timeline_source_once_for_a_page(only):
    calls: list = []
    only(registries.timeline_sources, _source("contacts", [], calls), _source("plans", [], calls))

    registries.merged_timeline(client="client-1", limit=5)

    assert [(call["client"], call["before"]) for call in calls] == [("client-1", None)] * 2
    assert all(call["limit"] >= 5 for call in calls)


def test_it_pages_the_timeline_without_duplicates_or_gaps(only):
    contacts = [_entry("contacts", minutes, f"c{minutes:02d}") for minutes in (1, 4, 5, 8, 9, 12)]
    plans = [_entry("plans", minutes, f"p{minutes:02d}") for minutes in (2, 3, 6, 7, 10, 11)]
    only(registries.timeline_sources, _source("contacts", contacts), _source("plans", plans))

    pages = _pages(limit=5)

    assert [len(page) for page in pages] == [5, 5, 2]
    assert [entry for page in pages for entry in page] == sorted(contacts + plans, reverse=True)


def test_it_pages_through_entries_at_the_same_instant_across_sources(only):
    # Six entries at one instant, three in each source: the page boundary falls among them.
    contacts = [_entry("contacts", 5, f"c{n}") for n in range(3)] + [_entry("contacts", 9, "c-old")]
    plans = [_entry("plans", 5, f"p{n}") for n in range(3)] + [_entry("plans", 1, "p-new")]
    only(registries.timeline_sources, _source("contacts", contacts), _source("plans", plans))

    pages = _pages(limit=3)

    assert [entry for page in pages for entry in page] == sorted(contacts + plans, reverse=True)


def test_it_pages_through_more_entries_at_one_instant_than_fit_on_a_page(only):
    # Attendance at one session, or a day's readings stamped at midnight: ten entries at one
    # instant in a single source, read three at a time.
    attendance = [_entry("attendance", 30, f"a{n}") for n in range(10)] + [_entry("attendance", 60, "a-old")]
    only(registries.timeline_sources, _source("attendance", attendance))

    pages = _pages(limit=3)

    assert [entry for page in pages for entry in page] == sorted(attendance, reverse=True)


# --- caseload flags -----------------------------------------------------------------------------


def test_it_merges_caseload_flags_per_client(only):
    overdue = CaseloadFlag("plan_overdue", "Plan review overdue", "danger")
    not_seen = CaseloadFlag("not_seen", "Not seen for 14 days")
    safeguarding = CaseloadFlag("safeguarding", "Open safeguarding concern", "danger")
    only(
        registries.caseload_flag_sources,
        CaseloadFlagSource("plans", "Plans", lambda client_ids: {1: [overdue]}),
        CaseloadFlagSource("contacts", "Contacts", lambda client_ids: {1: [not_seen], 2: [not_seen]}),
        CaseloadFlagSource("risk", "Risk", lambda client_ids: {2: [safeguarding]}),
    )

    flags = registries.caseload_flags(client_ids=[1, 2, 3])

    assert flags == {1: [overdue, not_seen], 2: [not_seen, safeguarding], 3: []}


def test_it_asks_each_caseload_flag_source_once_for_all_clients(only):
    calls: list = []
    only(
        registries.caseload_flag_sources,
        CaseloadFlagSource("plans", "Plans", lambda client_ids: calls.append(("plans", list(client_ids))) or {}),
        CaseloadFlagSource("risk", "Risk", lambda client_ids: calls.append(("risk", list(client_ids))) or {}),
    )

    registries.caseload_flags(client_ids=[1, 2, 3])

    assert calls == [("plans", [1, 2, 3]), ("risk", [1, 2, 3])]


def test_it_drops_flags_for_clients_not_asked_about(only):
    flag = CaseloadFlag("not_seen", "Not seen")
    only(registries.caseload_flag_sources, CaseloadFlagSource("contacts", "Contacts", lambda client_ids: {9: [flag]}))

    assert registries.caseload_flags(client_ids=[1]) == {1: []}


def test_it_asks_no_source_about_an_empty_caseload(only):
    calls: list = []
    only(
        registries.caseload_flag_sources,
        CaseloadFlagSource("plans", "Plans", lambda client_ids: calls.append(client_ids) or {}),
    )

    assert (registries.caseload_flags(client_ids=[]), calls) == ({}, [])


# --- beat schedule and report sections ------------------------------------------------------------


def test_it_accepts_a_scheduled_task_with_an_interval():
    entry = ScheduledTask("sweep", task="recovery.reminders.tasks.sweep", every_seconds=300)

    assert (entry.every_seconds, entry.crontab) == (300, None)


def test_it_accepts_a_scheduled_task_with_a_crontab():
    entry = ScheduledTask("digest", task="recovery.reminders.tasks.digest", crontab={"minute": "0", "hour": "7"})

    assert entry.crontab == {"minute": "0", "hour": "7"}


def test_it_refuses_a_scheduled_task_with_no_timing():
    with pytest.raises(ImproperlyConfigured, match="exactly one"):
        ScheduledTask("sweep", task="recovery.reminders.tasks.sweep")


def test_it_refuses_a_scheduled_task_with_two_timings():
    with pytest.raises(ImproperlyConfigured, match="exactly one"):
        ScheduledTask("sweep", task="recovery.reminders.tasks.sweep", every_seconds=60, crontab={"minute": "0"})


def _section(key: str, order: int) -> ReportSection:
    return ReportSection(
        key=key,
        title=key.title(),
        definition="",
        compute=lambda **kw: {},
        csv_rows=lambda data: [],
        template=f"reports/sections/{key}.html",
        order=order,
    )


def test_it_orders_report_sections_by_order_then_key(only):
    only(
        registries.report_sections,
        _section("outcomes", 30),
        _section("referrals", 10),
        _section("activity", 30),
        _section("caseload", 20),
    )

    assert [section.key for section in registries.ordered_report_sections()] == [
        "referrals",
        "caseload",
        "activity",
        "outcomes",
    ]


def test_it_has_the_core_heartbeat_registered():
    assert registries.beat_schedule.get("heartbeat").every_seconds == 60
