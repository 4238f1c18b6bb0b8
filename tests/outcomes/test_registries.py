"""What outcomes feeds into the core: the baseline-missing caseload flag, next due dates, reminders
(baseline, review, exit), timeline entries, and the client tab."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients import services as client_services
from outcomes.factories import ReadingFactory, StarReadingFactory
from outcomes.selectors import registries
from outcomes.services import outcome_settings_for
from recovery.core.registries import client_tabs, merged_timeline
from tests.outcomes.conftest import days_ago, swemwbs


def test_it_flags_a_missing_baseline_after_the_schedules_days(make_open_client, worker, team):
    late = make_open_client(worker, team, started_days_ago=40)  # SWEMWBS baseline due within 28 days
    early = make_open_client(worker, team, started_days_ago=10)

    flags = registries.baseline_flags(client_ids=[late.pk, early.pk])

    assert [flag.label for flag in flags[late.pk]] == ["Outcome baseline missing"]
    assert early.pk not in flags


def test_it_clears_the_flag_once_a_baseline_is_taken(person, worker):
    ReadingFactory(client=person, by=worker, taken_on=days_ago(3))

    assert registries.baseline_flags(client_ids=[person.pk]) == {}


def test_it_does_not_count_an_incomplete_reading_as_a_baseline(person, worker):
    ReadingFactory(client=person, by=worker, taken_on=days_ago(3), answers={"q1": 4})

    assert person.pk in registries.baseline_flags(client_ids=[person.pk])


def test_it_flags_many_clients_in_one_query(make_open_client, worker, team):
    ids = [make_open_client(worker, team, started_days_ago=40).pk for _ in range(5)]

    with CaptureQueriesContext(connection) as captured:
        registries.baseline_flags(client_ids=ids)

    assert len(captured.captured_queries) == 1


def test_it_follows_the_services_own_schedule(person, worker):
    settings = outcome_settings_for(service=person.team.service)
    settings.schedules = {"phq9": {"baseline_days": 90, "every_months": 3, "at_exit": False}}
    settings.save()

    assert registries.baseline_flags(client_ids=[person.pk]) == {}


def test_it_gives_the_next_review_reading_every_n_months(person, worker):
    ReadingFactory(client=person, by=worker, taken_on=days_ago(10))

    due = registries.next_outcome_due(client_ids=[person.pk])[person.pk]

    assert (due.label, due.due_on) == ("SWEMWBS reading", days_ago(10) + _months(3))


def _months(count: int):
    from dateutil.relativedelta import relativedelta

    return relativedelta(months=count)


def test_it_reminds_the_lead_worker_of_a_baseline_due(person, worker):
    items = registries.reading_due_items(today=timezone.localdate(), until=timezone.localdate())

    item = next(item for item in items if item.client_code == person.code)
    assert (item.title, item.due_on, item.responsible_user_id) == (
        "SWEMWBS first reading for Amara Okafor",
        days_ago(60) + timedelta(days=28),
        worker.pk,
    )


def test_it_stops_reminding_once_the_reading_is_taken(person, worker):
    ReadingFactory(client=person, by=worker, taken_on=days_ago(1))

    items = registries.reading_due_items(today=timezone.localdate(), until=timezone.localdate() + timedelta(days=7))

    assert [item for item in items if item.client_code == person.code] == []


def test_it_asks_for_an_exit_reading_when_support_ends(person, worker, team_leader):
    ReadingFactory(client=person, by=worker, taken_on=days_ago(55))
    episode = person.episodes.get()
    client_services.episode_end(episode=episode, ended_on=timezone.localdate(), end_reason="moved_away", by=team_leader)

    items = registries.reading_due_items(today=timezone.localdate(), until=timezone.localdate())

    assert [item.title for item in items if item.client_code == person.code] == [
        "SWEMWBS exit reading for Amara Okafor"
    ]


def test_it_stops_asking_for_an_exit_reading_four_weeks_after_support_ended(person, worker, team_leader):
    episode = person.episodes.get()
    client_services.episode_end(episode=episode, ended_on=timezone.localdate(), end_reason="moved_away", by=team_leader)

    with time_machine.travel(timezone.now() + timedelta(days=29)):
        items = registries.reading_due_items(today=timezone.localdate(), until=timezone.localdate())

    assert [item for item in items if item.client_code == person.code] == []


def test_it_puts_readings_and_star_notes_on_the_timeline(person, worker):
    ReadingFactory(client=person, by=worker, taken_on=days_ago(2), answers=swemwbs(25))
    StarReadingFactory(client=person, by=worker, taken_on=days_ago(1), where_held="Recovery Star Online")

    entries = merged_timeline(client=person, limit=10)

    titles = [(entry.title, entry.summary) for entry in entries if entry.source.startswith("outcomes")]
    assert titles == [
        ("Recovery Star reading (kept elsewhere)", "Kept at: Recovery Star Online"),
        ("SWEMWBS reading", "Metric score: 22.35"),
    ]


def test_it_says_an_incomplete_reading_is_not_scored_on_the_timeline(person, worker):
    ReadingFactory(client=person, by=worker, taken_on=days_ago(2), answers={"q1": 3})

    entries = registries.outcome_timeline_entries(client=person, before=None, limit=10)

    assert entries[0].summary == "Incomplete: not scored"


def test_it_registers_the_outcomes_tab():
    assert client_tabs.get("outcomes").url_name == "outcomes:client_outcomes"
