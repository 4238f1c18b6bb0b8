"""Demo outcome readings: plausible trajectories, idempotent, built on the clients seeder's records."""

from __future__ import annotations

from collections import defaultdict

import pytest

from outcomes.models import Reading, Status
from outcomes.scoring import score
from recovery.core.demo import run_seeders

pytestmark = pytest.mark.django_db


def test_it_seeds_readings_for_clients_who_have_had_support():
    run_seeders(size="small", only=["clients", "outcomes"])

    assert Reading.objects.count() > 300
    assert Reading.objects.filter(measure_key="life_areas").exists()


def test_it_gives_the_same_counts_when_run_twice():
    run_seeders(size="small", only=["clients", "outcomes"])
    first = Reading.objects.count()

    run_seeders(size="small", only=["clients", "outcomes"])

    assert Reading.objects.count() == first


def test_it_stores_the_score_the_scoring_module_gives():
    run_seeders(size="small", only=["clients", "outcomes"])

    for reading in Reading.objects.filter(measure_key="swemwbs")[:50]:
        assert reading.scores == score(reading.measure, reading.answers).as_json()


def test_it_draws_trajectories_in_which_most_people_improve():
    run_seeders(size="small", only=["clients", "outcomes"])
    by_client = defaultdict(list)
    for client_id, value in (
        Reading.objects.filter(measure_key="swemwbs", status=Status.COMPLETE)
        .order_by("taken_on")
        .values_list("client_id", "score")
    ):
        by_client[client_id].append(value)

    changes = [values[-1] - values[0] for values in by_client.values() if len(values) >= 4]

    assert sum(1 for change in changes if change > 0) > len(changes) / 2
