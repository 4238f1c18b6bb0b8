"""Demo plans (idempotent, in the client's words) and the plans pages ``manage.py bench`` measures."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from plans import demo
from plans.demo import large
from plans.models import Goal, Plan
from recovery.core.bench import bench_pages
from recovery.core.demo import DemoContext, demo_seeders


def _counts() -> tuple[int, int]:
    return Plan.objects.count(), Goal.objects.count()


def test_it_registers_the_plans_demo_seeder_after_clients():
    assert demo_seeders.get("plans").order == 20


def test_it_gives_most_open_clients_a_plan_with_goals_in_their_words(open_client_for, worker, team):
    clients = [open_client_for(worker, team) for _ in range(8)]

    demo.seed_plans(DemoContext(size="small"))

    with_plans = Plan.objects.filter(client__in=clients).values("client").distinct().count()
    assert with_plans >= 6
    assert all(words.startswith("I") for words in Goal.objects.values_list("in_my_words", flat=True))


def test_it_seeds_the_same_plans_when_run_twice(open_client_for, worker, team):
    for _ in range(8):
        open_client_for(worker, team)
    demo.seed_plans(DemoContext(size="small"))
    first = _counts()

    demo.seed_plans(DemoContext(size="small"))

    assert _counts() == first


def test_it_bulk_seeds_the_large_dataset_up_to_its_target(open_client_for, worker, team, monkeypatch):
    monkeypatch.setattr(large, "LARGE_PLAN_TARGET", 5)
    for _ in range(6):
        open_client_for(worker, team)

    demo.seed_plans(DemoContext(size="large"))

    assert Plan.objects.count() == 5
    assert Goal.objects.count() >= 10


def test_it_links_each_bulk_seeded_version_to_the_one_before(open_client_for, worker, team):
    client = open_client_for(worker, team, started_on=timezone.localdate() - timedelta(days=400))

    demo.seed_plans(DemoContext(size="large"))

    versions = list(Plan.objects.filter(client=client).order_by("number"))
    assert len(versions) == 4
    assert [plan.status for plan in versions] == ["superseded"] * (len(versions) - 1) + ["agreed"]
    assert [plan.previous_id for plan in versions] == [None, *(plan.pk for plan in versions[:-1])]


def test_it_adds_nothing_once_the_large_target_is_reached(open_client_for, worker, team, monkeypatch):
    monkeypatch.setattr(large, "LARGE_PLAN_TARGET", 3)
    for _ in range(4):
        open_client_for(worker, team)
    demo.seed_plans(DemoContext(size="large"))
    first = _counts()

    demo.seed_plans(DemoContext(size="large"))

    assert _counts() == first


def test_it_registers_the_plans_tab_plan_page_and_pdf_for_bench():
    assert {"plans-tab", "plan-page", "plan-pdf"} <= set(bench_pages.keys())


def test_it_benches_the_plans_pages_for_the_first_worker(agreed_plan, worker, tmp_path):
    agreed_plan()
    path = tmp_path / "bench.json"

    call_command(
        "bench", "--pages", "plans-tab", "plan-page", "plan-pdf", "-n", "2", "--json", str(path), stdout=StringIO()
    )

    results = {row["name"]: row for row in json.loads(path.read_text())}
    assert {name: row["status"] for name, row in results.items()} == {
        "plans-tab": 200,
        "plan-page": 200,
        "plan-pdf": 200,
    }
