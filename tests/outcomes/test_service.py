"""Service-level change: the paired analysis against an independent computation, the commissioner
report section (compute, CSV rows, template), suppression of small counts, and the CSV export."""

from __future__ import annotations

import csv
import io
import random
import re
from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string
from django.urls import reverse

from outcomes.factories import ReadingFactory
from outcomes.selectors.service import csv_rows, paired_change, suppressed
from recovery.core.registries import data_quality_checks, report_sections
from tests.outcomes.conftest import days_ago, swemwbs

SWEMWBS_METRIC = {7: "7.00", 10: "12.40", 12: "14.08", 14: "15.32", 15: "15.84", 17: "16.88", 18: "17.43",
                  20: "18.59", 22: "19.98", 25: "22.35", 28: "25.03", 30: "27.03"}  # fmt: skip


def _independent(readings: list[tuple[int, date, int]], start: date, end: date) -> dict:
    """The paired analysis worked out from first principles: (client, day, raw) SWEMWBS readings."""
    by_client: dict[int, list[tuple[date, int]]] = {}
    for client, day, raw in readings:
        if day <= end:
            by_client.setdefault(client, []).append((day, raw))
    changes = []
    for rows in by_client.values():
        rows.sort()
        if len(rows) < 2 or not start <= rows[-1][0] <= end:
            continue
        changes.append(Decimal(SWEMWBS_METRIC[rows[-1][1]]) - Decimal(SWEMWBS_METRIC[rows[0][1]]))
    n = len(changes)
    return {
        "n": n,
        "mean": round(float(sum(changes) / n), 2),
        "improved": sum(1 for change in changes if change >= Decimal("2.87")),
        "deteriorated": sum(1 for change in changes if change <= Decimal("-2.87")),
    }


def test_it_matches_an_independent_computation_of_paired_change(make_open_client, worker, team, service):
    rng = random.Random(9)
    raws = sorted(SWEMWBS_METRIC)
    recorded = []
    for index in range(14):
        person = make_open_client(worker, team, started_days_ago=400)
        for day in sorted(rng.sample(range(1, 390), rng.randint(1, 4))):
            raw = rng.choice(raws)
            ReadingFactory(client=person, by=worker, taken_on=days_ago(day), answers=swemwbs(raw))
            recorded.append((index, days_ago(day), raw))
    start, end = days_ago(180), days_ago(10)
    expected = _independent(recorded, start, end)
    assert expected["n"] >= 4  # the random readings must give something to compare

    result = paired_change(start=start, end=end, service_ids=[service.pk])["measures"][0]

    assert (result["n_paired"], result["mean_change"], result["improved"], result["deteriorated"]) == (
        expected["n"],
        expected["mean"],
        expected["improved"],
        expected["deteriorated"],
    )


def test_it_pairs_the_first_reading_with_the_latest_in_the_period(person, worker, service):
    ReadingFactory(client=person, by=worker, taken_on=days_ago(50), answers=swemwbs(12))
    ReadingFactory(client=person, by=worker, taken_on=days_ago(30), answers=swemwbs(30))
    ReadingFactory(client=person, by=worker, taken_on=days_ago(5), answers=swemwbs(18))

    result = paired_change(start=days_ago(40), end=days_ago(0), service_ids=[service.pk])["measures"][0]

    assert (result["mean_baseline"], result["mean_latest"], result["mean_change"]) == (14.08, 17.43, 3.35)


def test_it_leaves_out_a_client_whose_latest_reading_is_before_the_period(person, worker, service):
    ReadingFactory(client=person, by=worker, taken_on=days_ago(50), answers=swemwbs(12))
    ReadingFactory(client=person, by=worker, taken_on=days_ago(45), answers=swemwbs(20))

    assert paired_change(start=days_ago(40), end=days_ago(0), service_ids=[service.pk])["measures"] == []


def test_it_leaves_out_incomplete_readings_and_those_entered_in_error(person, worker, service):
    from outcomes.services import reading_mark_error

    ReadingFactory(client=person, by=worker, taken_on=days_ago(50), answers=swemwbs(12))
    ReadingFactory(client=person, by=worker, taken_on=days_ago(10), answers={"q1": 5})
    mistaken = ReadingFactory(client=person, by=worker, taken_on=days_ago(5), answers=swemwbs(30))
    reading_mark_error(reading=mistaken, by=worker, expected_version=1, reason="Wrong person")

    assert paired_change(start=days_ago(40), end=days_ago(0), service_ids=[service.pk])["measures"] == []


def test_it_counts_moving_out_of_the_clinical_range(make_open_client, worker, team, service):
    for first, latest in ((20, 8), (20, 14), (5, 3)):  # PHQ-9 totals: out, still in, never in
        person = make_open_client(worker, team)
        ReadingFactory(client=person, by=worker, measure_key="phq9", taken_on=days_ago(50), answers=_phq9(first))
        ReadingFactory(client=person, by=worker, measure_key="phq9", taken_on=days_ago(5), answers=_phq9(latest))

    result = paired_change(start=days_ago(40), end=days_ago(0), service_ids=[service.pk])["measures"][0]

    assert (result["started_clinical"], result["moved_out"], result["pct_moved_out"]) == (2, 1, "<5")


def _phq9(total: int) -> dict[str, int]:
    values, remaining = [0] * 9, total
    for index in range(8):  # item 9 stays 0
        values[index] = min(3, remaining)
        remaining -= values[index]
    return {f"q{number}": value for number, value in enumerate(values, start=1)}


def test_it_keeps_other_services_out_of_the_analysis(person, worker, other_service_team, make_open_client, service):
    from recovery.accounts.factories import staff_with_role
    from recovery.accounts.models import Role

    elsewhere_worker = staff_with_role(Role.WORKER, team=other_service_team)
    elsewhere = make_open_client(elsewhere_worker, other_service_team)
    for client, by in ((person, worker), (elsewhere, elsewhere_worker)):
        ReadingFactory(client=client, by=by, taken_on=days_ago(50), answers=swemwbs(12))
        ReadingFactory(client=client, by=by, taken_on=days_ago(5), answers=swemwbs(20))

    result = paired_change(start=days_ago(40), end=days_ago(0), service_ids=[service.pk])["measures"][0]

    assert result["n_paired"] == 1


def test_it_breaks_the_analysis_down_by_team(make_open_client, worker, team, other_team_same_service, service):
    from recovery.accounts.factories import staff_with_role
    from recovery.accounts.models import Role

    colleague = staff_with_role(Role.WORKER, team=other_team_same_service)
    for by, in_team in ((worker, team), (worker, team), (colleague, other_team_same_service)):
        person = make_open_client(by, in_team)
        ReadingFactory(client=person, by=by, taken_on=days_ago(50), answers=swemwbs(12))
        ReadingFactory(client=person, by=by, taken_on=days_ago(5), answers=swemwbs(20))

    teams = paired_change(start=days_ago(40), end=days_ago(0), service_ids=[service.pk])["measures"][0]["teams"]

    assert sorted(team_row["n_paired"] for team_row in teams) == [1, 2]


# --- suppression and rows ------------------------------------------------------------------------------


def test_it_shows_breakdown_counts_from_1_to_4_as_under_5():
    assert [suppressed(value, "Team: A") for value in (0, 1, 4, 5, 12)] == [0, "<5", "<5", 5, 12]


def test_it_never_suppresses_headline_figures_or_percentages():
    assert (suppressed(3, ""), suppressed(3.0, "Team: A")) == (3, 3.0)


def test_it_gives_headline_figures_with_an_empty_breakdown_and_counts_with_one(person, worker, service):
    ReadingFactory(client=person, by=worker, taken_on=days_ago(50), answers=swemwbs(12))
    ReadingFactory(client=person, by=worker, taken_on=days_ago(5), answers=swemwbs(20))
    data = paired_change(start=days_ago(40), end=days_ago(0), service_ids=[service.pk])

    rows = list(csv_rows(data))

    assert ("SWEMWBS: clients with paired readings", "", 1) in rows
    assert ("SWEMWBS: clients", "Reliable improvement", 1) in rows
    assert ("SWEMWBS: reliable improvement (%)", "", "<5") in rows  # one person: suppressed


def test_it_exports_the_service_figures_with_small_counts_suppressed(person, worker, team_leader, client_for):
    ReadingFactory(client=person, by=worker, taken_on=days_ago(50), answers=swemwbs(12))
    ReadingFactory(client=person, by=worker, taken_on=days_ago(5), answers=swemwbs(20))

    response = client_for(team_leader).get(reverse("outcomes:service_outcomes_csv"))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["SWEMWBS: clients with paired readings", "", "1"] in rows
    assert ["SWEMWBS: clients", "Reliable improvement", "<5"] in rows


# --- the commissioner report section and data-quality check --------------------------------------


def test_it_registers_the_outcomes_report_section():
    section = report_sections.get("outcomes")

    assert (section.order, section.template) == (80, "outcomes/report_section.html")


def test_it_computes_the_report_section_as_plain_json(person, worker, service):
    import json

    ReadingFactory(client=person, by=worker, taken_on=days_ago(50), answers=swemwbs(12))
    ReadingFactory(client=person, by=worker, taken_on=days_ago(5), answers=swemwbs(20))
    section = report_sections.get("outcomes")

    data = section.compute(start=days_ago(40), end=days_ago(0), service_ids=[service.pk])

    assert json.loads(json.dumps(data)) == data
    assert data["measures"][0]["mean_change"] == 4.51  # 18.59 - 14.08


def test_it_renders_the_report_section_with_suppressed_rows(person, worker, service):
    from recovery.reports.figures import prepare_rows

    ReadingFactory(client=person, by=worker, taken_on=days_ago(50), answers=swemwbs(12))
    ReadingFactory(client=person, by=worker, taken_on=days_ago(5), answers=swemwbs(20))
    section = report_sections.get("outcomes")
    data = section.compute(start=days_ago(40), end=days_ago(0), service_ids=[service.pk])
    rows = prepare_rows(section.csv_rows(data), threshold=5, targets={})

    html = render_to_string(section.template, {"section": section, "data": data, "rows": rows})

    assert re.search(r'<th scope="row">Reliable improvement</th>\s*<td class="app-report-number">&lt;5</td>', html)
    assert "SWEMWBS: clients with paired readings" in html


def test_it_finds_clients_with_a_first_reading_and_no_later_one(person, worker, make_open_client, team, service):
    ReadingFactory(client=person, by=worker, taken_on=days_ago(20), answers=swemwbs(12))
    paired = make_open_client(worker, team)
    ReadingFactory(client=paired, by=worker, taken_on=days_ago(20), answers=swemwbs(12))
    ReadingFactory(client=paired, by=worker, taken_on=days_ago(2), answers=swemwbs(20))
    check = data_quality_checks.get("outcomes_unpaired")

    result = check.find(start=days_ago(40), end=days_ago(0), service_ids=[service.pk], limit=10)

    assert result.count == 1
    assert result.examples[0].url == reverse("outcomes:reading_new", args=[person.code, "swemwbs"])


# --- episodes of support -------------------------------------------------------------------------------


def _re_refer(person, worker, team_leader, *, ended_days_ago: int, started_again_days_ago: int):
    """End the person's support, then refer, accept and start them again."""
    from clients import services as client_services

    client_services.episode_end(
        episode=person.episodes.get(ended_on__isnull=True),
        ended_on=days_ago(ended_days_ago),
        end_reason="disengaged",
        by=team_leader,
    )
    referral = client_services.referral_create(
        client=person, source="self", received_on=days_ago(started_again_days_ago), reason="Low mood again.", by=worker
    )
    client_services.referral_decide(
        referral=referral, decision="accepted", decided_on=days_ago(started_again_days_ago), by=worker
    )
    client_services.episode_start(episode=referral.episode, started_on=days_ago(started_again_days_ago), by=worker)


def test_it_takes_the_baseline_from_the_episode_of_the_latest_reading(
    make_open_client, worker, team, team_leader, service
):
    person = make_open_client(worker, team, started_days_ago=400)
    ReadingFactory(client=person, by=worker, taken_on=days_ago(380), answers=swemwbs(12))  # earlier episode
    _re_refer(person, worker, team_leader, ended_days_ago=300, started_again_days_ago=90)
    ReadingFactory(client=person, by=worker, taken_on=days_ago(80), answers=swemwbs(20))
    ReadingFactory(client=person, by=worker, taken_on=days_ago(5), answers=swemwbs(22))

    result = paired_change(start=days_ago(40), end=days_ago(0), service_ids=[service.pk])["measures"][0]

    # 18.59 (raw 20) -> 19.98 (raw 22): not 14.08 from the earlier episode's reading.
    assert (result["mean_baseline"], result["mean_latest"], result["no_change"]) == (18.59, 19.98, 1)


def test_it_does_not_pair_a_re_referred_clients_only_reading_with_an_earlier_episode(
    make_open_client, worker, team, team_leader, service
):
    person = make_open_client(worker, team, started_days_ago=400)
    ReadingFactory(client=person, by=worker, taken_on=days_ago(380), answers=swemwbs(12))
    _re_refer(person, worker, team_leader, ended_days_ago=300, started_again_days_ago=90)
    ReadingFactory(client=person, by=worker, taken_on=days_ago(5), answers=swemwbs(22))

    assert paired_change(start=days_ago(40), end=days_ago(0), service_ids=[service.pk])["measures"] == []


def test_it_pairs_an_exit_reading_taken_after_support_ended_with_that_episodes_baseline(
    make_open_client, worker, team, team_leader, service
):
    from clients import services as client_services

    person = make_open_client(worker, team, started_days_ago=100)
    ReadingFactory(client=person, by=worker, taken_on=days_ago(95), answers=swemwbs(12))
    client_services.episode_end(
        episode=person.episodes.get(), ended_on=days_ago(10), end_reason="planned_move_on",
        move_on_destination=_a_destination(), by=team_leader,
    )  # fmt: skip
    ReadingFactory(client=person, by=worker, taken_on=days_ago(5), answers=swemwbs(20))

    result = paired_change(start=days_ago(40), end=days_ago(0), service_ids=[service.pk])["measures"][0]

    assert (result["mean_baseline"], result["mean_latest"]) == (14.08, 18.59)


def _a_destination() -> str:
    from clients import choices

    return choices.MOVE_ON_DESTINATION[0][0]


def test_it_classes_goal_based_outcomes_goal_by_goal(make_open_client, worker, team, service):
    person = make_open_client(worker, team)
    goals = {"goal1": "Get out to the shops", "goal2": "Join a walking group", "goal3": "Sleep better"}
    ReadingFactory(
        client=person,
        by=worker,
        measure_key="gbo",
        taken_on=days_ago(50),
        answers={"goal1": 2},
        labels={"goal1": goals["goal1"]},
    )
    ReadingFactory(
        client=person, by=worker, measure_key="gbo", taken_on=days_ago(5), answers={"goal1": 2, "goal2": 8, "goal3": 8},
        labels=goals,
    )  # fmt: skip

    result = paired_change(start=days_ago(40), end=days_ago(0), service_ids=[service.pk])["measures"][0]

    # The mean rose from 2 to 6, but the only goal rated both times did not move.
    assert (result["mean_change"], result["improved"], result["no_change"]) == (4.0, 0, 1)


def test_it_classes_goals_goal_by_goal_on_the_clients_own_page(person, worker):
    from outcomes.scoring import ChangeCategory
    from outcomes.selectors.client import reading_change

    goals = {"goal1": "Get out to the shops", "goal2": "Join a walking group"}
    ReadingFactory(
        client=person,
        by=worker,
        measure_key="gbo",
        taken_on=days_ago(50),
        answers={"goal1": 2, "goal2": 6},
        labels=goals,
    )
    latest = ReadingFactory(
        client=person, by=worker, measure_key="gbo", taken_on=days_ago(5), answers={"goal1": 5, "goal2": 6},
        labels=goals,
    )  # fmt: skip

    # Goal 1 rose by 3 (the mean by 1.5 only): a reliable improvement on that goal, none worse.
    assert reading_change(reading=latest).from_baseline.category == ChangeCategory.IMPROVEMENT


# --- readings on the same day ----------------------------------------------------------------------------


def test_it_does_not_pair_two_readings_taken_on_the_same_day(person, worker, service):
    ReadingFactory(client=person, by=worker, taken_on=days_ago(5), answers=swemwbs(12))
    ReadingFactory(client=person, by=worker, taken_on=days_ago(5), answers=swemwbs(20))

    assert paired_change(start=days_ago(40), end=days_ago(0), service_ids=[service.pk])["measures"] == []


def test_it_pairs_a_reading_with_one_taken_the_day_before(person, worker, service):
    ReadingFactory(client=person, by=worker, taken_on=days_ago(6), answers=swemwbs(12))
    ReadingFactory(client=person, by=worker, taken_on=days_ago(5), answers=swemwbs(20))

    assert paired_change(start=days_ago(40), end=days_ago(0), service_ids=[service.pk])["measures"][0]["n_paired"] == 1


def test_it_flags_two_readings_on_the_same_day_once_as_unpaired(person, worker, service):
    ReadingFactory(client=person, by=worker, taken_on=days_ago(5), answers=swemwbs(12))
    ReadingFactory(client=person, by=worker, taken_on=days_ago(5), answers=swemwbs(20))

    result = data_quality_checks.get("outcomes_unpaired").find(
        start=days_ago(40), end=days_ago(0), service_ids=[service.pk], limit=10
    )

    assert result.count == 1


def test_it_does_not_flag_a_reading_paired_the_next_day(person, worker, service):
    ReadingFactory(client=person, by=worker, taken_on=days_ago(6), answers=swemwbs(12))
    ReadingFactory(client=person, by=worker, taken_on=days_ago(5), answers=swemwbs(20))

    result = data_quality_checks.get("outcomes_unpaired").find(
        start=days_ago(40), end=days_ago(0), service_ids=[service.pk], limit=10
    )

    assert result.count == 0


def test_it_flags_a_re_referred_clients_first_reading_of_the_new_episode(
    make_open_client, worker, team, team_leader, service
):
    person = make_open_client(worker, team, started_days_ago=400)
    ReadingFactory(client=person, by=worker, taken_on=days_ago(380), answers=swemwbs(12))
    _re_refer(person, worker, team_leader, ended_days_ago=300, started_again_days_ago=90)
    ReadingFactory(client=person, by=worker, taken_on=days_ago(20), answers=swemwbs(22))

    result = data_quality_checks.get("outcomes_unpaired").find(
        start=days_ago(40), end=days_ago(0), service_ids=[service.pk], limit=10
    )

    assert result.count == 1
