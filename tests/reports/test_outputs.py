"""Suppression of small counts (never of headline figures), targets, and CSV cells escaped against
spreadsheet formula injection."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from recovery.reports.figures import prepare_rows
from recovery.reports.outputs import csv_cell, csv_zip, section_csv


def _shown(rows, threshold=5):
    return [row["shown"] for row in prepare_rows(rows, threshold=threshold, targets={})]


def test_it_shows_breakdown_counts_from_1_to_4_as_fewer_than_5():
    rows = [("Referrals", f"Source {n}", n) for n in (1, 2, 3, 4)]

    assert _shown(rows) == ["<5", "<5", "<5", "<5"]


def test_it_shows_breakdown_counts_of_0_and_5_exactly():
    assert _shown([("Referrals", "Source: GP", 0), ("Referrals", "Source: self", 5)]) == ["0", "5"]


def test_it_never_suppresses_a_headline_figure():
    assert _shown([("Referrals received", "", 3)]) == ["3"]


def test_it_never_suppresses_a_percentage():
    assert _shown([("Planned move-on", "Of exits (%)", 2.5)]) == ["2.5"]


def test_it_uses_the_services_own_threshold():
    assert _shown([("Contacts", "Type: phone", 7), ("Contacts", "Type: video", 10)], threshold=10) == ["<10", "10"]


def test_it_leaves_the_exact_value_out_of_a_suppressed_row():
    row = prepare_rows([("Exits", "Reason: died", 1)], threshold=5, targets={})[0]

    assert (row["value"], row["suppressed"]) == (None, True)


def test_it_compares_a_headline_figure_with_its_target():
    rows = prepare_rows(
        [("Planned move-on (%)", "", 70.0), ("Plan reviews done on time (%)", "", 95.0)],
        threshold=5,
        targets={"Planned move-on (%)": 75.0, "Plan reviews done on time (%)": 90.0},
    )

    assert [(row["target"], row["target_met"]) for row in rows] == [(75.0, False), (90.0, True)]


@pytest.mark.parametrize("text", ["=SUM(A1:A9)", "+44 7700 900123", "-2+3", "@cmd", "\tTab", "\rReturn"])
def test_it_prefixes_a_cell_that_could_start_a_formula_with_a_quote(text):
    assert csv_cell(text) == "'" + text


def test_it_leaves_ordinary_text_and_numbers_alone():
    assert [csv_cell("GP"), csv_cell(12), csv_cell(-3.5), csv_cell(None)] == ["GP", 12, -3.5, ""]


@pytest.mark.parametrize(
    ("value", "shown"), [(4.25, "4.3"), (2.875, "2.9"), (0.15, "0.2"), (33.3, "33.3"), (7.0, "7.0")]
)
def test_it_rounds_a_fraction_to_one_decimal_place_halves_up(value, shown):
    assert _shown([("Days from referral to first contact (median)", "", value)]) == [shown]


def test_it_writes_each_fraction_to_the_csv_exactly_as_shown():
    section = _section([("Mean days", "", 4.25), ("Median days", "", 2.875)])

    written = list(csv.reader(io.StringIO(section_csv(section))))[1:]

    assert [line[3] for line in written] == [row["shown"] for row in section["rows"]] == ["4.3", "2.9"]


def _section(rows):
    return {
        "key": "referrals",
        "title": "Referrals",
        "rows": prepare_rows(rows, threshold=5, targets={}),
    }


def test_it_escapes_a_dangerous_breakdown_in_the_section_csv():
    text = section_csv(_section([("Signposted to", '=HYPERLINK("http://x.invalid")', 6)]))

    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[2] == '\'=HYPERLINK("http://x.invalid")'


def test_it_writes_the_suppressed_text_not_the_count_in_the_csv():
    text = section_csv(_section([("Referrals received", "Source: GP", 2), ("Referrals received", "", 2)]))

    assert [row[3] for row in list(csv.reader(io.StringIO(text)))[1:]] == ["<5", "2"]


def test_it_zips_one_csv_per_section_and_a_readme():
    figures = {
        "meta": {"title": "Report", "services": "Riverside", "period_label": "Q2", "threshold": 5},
        "sections": [_section([("Referrals received", "", 3)]), {**_section([]), "key": "exits", "title": "Exits"}],
    }

    names = zipfile.ZipFile(io.BytesIO(csv_zip(figures=figures))).namelist()

    assert names == ["01-referrals.csv", "02-exits.csv", "README.txt"]


def test_it_gives_identical_zips_for_identical_figures():
    figures = {
        "meta": {"title": "Report", "services": "Riverside", "period_label": "Q2", "threshold": 5},
        "sections": [_section([("Referrals received", "", 3)])],
    }

    assert csv_zip(figures=figures) == csv_zip(figures=figures)
