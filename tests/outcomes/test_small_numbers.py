"""Small numbers in the service-level analysis, its page, its CSV export and the report section:
a percentage resting on 1 to 4 people is shown as "<5" (beside the exact number paired it would
give the count away), and a team with fewer than 5 paired clients gets no mean change.

Expected figures are worked out here from the categories each client was given, not from the
selector."""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse

from outcomes.factories import ReadingFactory
from outcomes.selectors import service as service_selectors
from outcomes.selectors.service import csv_rows, paired_change
from recovery.core.registries import report_sections
from recovery.reports.figures import prepare_rows
from tests.outcomes.conftest import days_ago, swemwbs

# SWEMWBS raw totals for each change: 12 -> 20 is +4.51 metric points (reliable at 2.87).
RAWS = {"improved": (12, 20), "no_change": (20, 20), "deteriorated": (20, 12)}
METRIC = {12: Decimal("14.08"), 20: Decimal("18.59")}


def _paired(make_open_client, worker, team, category: str):
    person = make_open_client(worker, team)
    first, latest = RAWS[category]
    ReadingFactory(client=person, by=worker, taken_on=days_ago(50), answers=swemwbs(first))
    ReadingFactory(client=person, by=worker, taken_on=days_ago(5), answers=swemwbs(latest))
    return person


def _analysis(service):
    return paired_change(start=days_ago(40), end=days_ago(0), service_ids=[service.pk])


def _expected_percentages(categories: list[str], threshold: int = 5) -> dict[str, object]:
    counts, n = Counter(categories), len(categories)
    expected = {}
    for field in RAWS:
        count = counts[field]
        expected[f"pct_{field}"] = f"<{threshold}" if 1 <= count < threshold else round(100 * count / n, 1)
    return expected


def _expected_mean_change(categories: list[str]) -> float:
    changes = [METRIC[RAWS[category][1]] - METRIC[RAWS[category][0]] for category in categories]
    return round(float(sum(changes) / len(changes)), 2)


@pytest.mark.parametrize(
    ("improved", "no_change"),
    [(3, 7), (4, 6), (5, 5), (0, 10)],
    ids=["3-of-10", "4-of-10", "5-of-10", "0-of-10"],
)
def test_it_shows_a_percentage_only_when_its_count_is_0_or_at_least_5(
    make_open_client, worker, team, service, improved, no_change
):
    categories = ["improved"] * improved + ["no_change"] * no_change
    for category in categories:
        _paired(make_open_client, worker, team, category)

    entry = _analysis(service)["measures"][0]

    assert {key: entry[key] for key in _expected_percentages(categories)} == _expected_percentages(categories)


def test_it_matches_an_independent_computation_of_suppression_by_team(
    make_open_client, worker, team, other_team_same_service, service
):
    from recovery.accounts.factories import staff_with_role
    from recovery.accounts.models import Role

    colleague = staff_with_role(Role.WORKER, team=other_team_same_service)
    rng = random.Random(17)
    chosen = {
        team.pk: [rng.choice(list(RAWS)) for _ in range(8)],
        other_team_same_service.pk: [rng.choice(list(RAWS)) for _ in range(3)],
    }
    for category in chosen[team.pk]:
        _paired(make_open_client, worker, team, category)
    for category in chosen[other_team_same_service.pk]:
        _paired(make_open_client, colleague, other_team_same_service, category)
    everyone = chosen[team.pk] + chosen[other_team_same_service.pk]

    entry = _analysis(service)["measures"][0]
    teams = {row["team_id"]: row for row in entry["teams"]}

    big, small = teams[team.pk], teams[other_team_same_service.pk]
    assert {key: entry[key] for key in _expected_percentages(everyone)} == _expected_percentages(everyone)
    assert {key: big[key] for key in _expected_percentages(chosen[team.pk])} == _expected_percentages(chosen[team.pk])
    assert (big["too_few"], big["mean_change"]) == (False, _expected_mean_change(chosen[team.pk]))
    assert small == {"team_id": other_team_same_service.pk, "team": other_team_same_service.name, "n_paired": 3,
                     "too_few": True}  # fmt: skip


def test_it_leaves_out_the_mean_change_of_a_team_with_fewer_than_5_paired(make_open_client, worker, team, service):
    for category in ("improved", "no_change", "no_change", "no_change"):
        _paired(make_open_client, worker, team, category)

    rows = list(csv_rows(_analysis(service)))

    assert [row for row in rows if row[1] == f"Team: {team.name}"] == [
        ("SWEMWBS: clients with paired readings", f"Team: {team.name}", 4)
    ]


def test_it_gives_the_mean_change_of_a_team_with_5_paired(make_open_client, worker, team, service):
    categories = ["improved", "improved", "no_change", "no_change", "deteriorated"]
    for category in categories:
        _paired(make_open_client, worker, team, category)

    rows = list(csv_rows(_analysis(service)))

    assert ("SWEMWBS: mean change", f"Team: {team.name}", _expected_mean_change(categories)) in rows


def test_it_shows_a_suppressed_percentage_as_under_5_in_the_report(make_open_client, worker, team, service):
    for category in ["improved"] * 3 + ["no_change"] * 7:
        _paired(make_open_client, worker, team, category)
    section = report_sections.get("outcomes")
    data = section.compute(start=days_ago(40), end=days_ago(0), service_ids=[service.pk])

    rows = {row["figure"]: row["shown"] for row in prepare_rows(section.csv_rows(data), threshold=5, targets={})
            if not row["breakdown"]}  # fmt: skip

    assert (rows["SWEMWBS: reliable improvement (%)"], rows["SWEMWBS: no reliable change (%)"]) == ("<5", "70.0")


def test_it_says_in_the_definition_that_small_teams_are_not_broken_down():
    definition = report_sections.get("outcomes").definition

    assert "team with fewer than 5 paired clients is not broken down" in definition


def test_it_exports_a_suppressed_percentage_as_under_5(make_open_client, worker, team, team_leader, client_for):
    for category in ["improved"] * 3 + ["no_change"] * 7:
        _paired(make_open_client, worker, team, category)

    response = client_for(team_leader).get(reverse("outcomes:service_outcomes_csv"))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["SWEMWBS: reliable improvement (%)", "", "<5"] in rows
    assert ["SWEMWBS: no reliable change (%)", "", "70.0"] in rows
    assert ["SWEMWBS: clients", "Reliable improvement", "<5"] in rows


def test_it_leaves_a_small_teams_mean_change_out_of_the_export(make_open_client, worker, team, team_leader, client_for):
    for category in ("improved", "improved"):
        _paired(make_open_client, worker, team, category)

    response = client_for(team_leader).get(reverse("outcomes:service_outcomes_csv"))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row for row in rows if row[1:2] == [f"Team: {team.name}"]] == [
        ["SWEMWBS: clients with paired readings", f"Team: {team.name}", "<5"]
    ]


def test_it_escapes_formula_cells_in_the_export(person, worker, team_leader, client_for, monkeypatch):
    _rows = [('=HYPERLINK("http://example.com")', "+Team", "@sum"), ("Plain", "", 3)]
    monkeypatch.setattr(service_selectors, "csv_rows", lambda data: iter(_rows))
    ReadingFactory(client=person, by=worker, taken_on=days_ago(50), answers=swemwbs(12))
    ReadingFactory(client=person, by=worker, taken_on=days_ago(5), answers=swemwbs(20))

    response = client_for(team_leader).get(reverse("outcomes:service_outcomes_csv"))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ['\'=HYPERLINK("http://example.com")', "'+Team", "'@sum"] in rows
    assert ["Plain", "", "3"] in rows


def test_it_shows_a_suppressed_percentage_as_under_5_on_the_page(
    make_open_client, worker, team, team_leader, client_for
):
    for category in ["improved"] * 3 + ["no_change"] * 7:
        _paired(make_open_client, worker, team, category)

    response = client_for(team_leader).get(reverse("outcomes:service_outcomes"))

    html = response.content.decode()
    assert "30.0%" not in html
    assert "70.0%" in html
    assert "&lt;5" in html


def test_it_says_on_the_page_that_a_small_team_is_not_broken_down(
    make_open_client, worker, team, team_leader, client_for
):
    for category in ("improved", "improved"):
        _paired(make_open_client, worker, team, category)

    response = client_for(team_leader).get(reverse("outcomes:service_outcomes"))

    html = response.content.decode()
    assert "Fewer than 5 paired: not broken down" in html
    assert "4.51" not in html.split("outcomes-team-row", 1)[1]  # the two people's own change
