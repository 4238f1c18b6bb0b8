"""The demo seeder sweeps every service without queueing e-mail; the bench pages are registered."""

from __future__ import annotations

from datetime import timedelta

import pytest

from recovery.core.bench import bench_pages
from recovery.core.demo import DemoContext
from recovery.reminders.demo import seed_reminders
from recovery.reminders.models import DigestSend, Reminder

pytestmark = pytest.mark.django_db


def test_it_seeds_reminders_without_queueing_any_email(only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today + timedelta(days=1), responsible=worker)

    counts = seed_reminders(DemoContext(size="small"))

    assert counts["open reminders"] == Reminder.objects.count() == 1
    assert not DigestSend.objects.exists()


def test_it_gives_the_same_rows_when_seeded_twice(only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today, responsible=worker)
    seed_reminders(DemoContext(size="small"))

    seed_reminders(DemoContext(size="small"))

    assert Reminder.objects.count() == 1


def test_it_registers_its_pages_with_bench():
    assert {"reminders-mine", "reminders-team", "reminders-status", "reminders-preferences"} <= set(bench_pages.keys())
