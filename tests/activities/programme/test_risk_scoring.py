"""Risk score and band arithmetic for activity risk assessments, at every band edge."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from activities.risk_scoring import band_for, bands_from_setting, default_bands, risk_score, validate_bands

DEFAULT = bands_from_setting(default_bands())


@pytest.mark.parametrize(
    ("likelihood", "severity", "expected"),
    [(1, 1, 1), (1, 5, 5), (5, 1, 5), (2, 3, 6), (3, 3, 9), (4, 5, 20), (5, 5, 25)],
)
def test_it_multiplies_likelihood_by_severity(likelihood, severity, expected):
    assert risk_score(likelihood, severity) == expected


@pytest.mark.parametrize(("likelihood", "severity"), [(0, 3), (6, 1), (3, 0), (2, 6)])
def test_it_refuses_values_outside_one_to_five(likelihood, severity):
    with pytest.raises(ValueError, match="must be from 1 to 5"):
        risk_score(likelihood, severity)


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (1, "Low"),
        (3, "Low"),
        (4, "Moderate"),
        (6, "Moderate"),
        (7, "Moderate"),  # cannot occur as a product, but a band must still answer
        (8, "High"),
        (12, "High"),
        (14, "High"),
        (15, "Extreme"),
        (25, "Extreme"),
    ],
)
def test_it_puts_each_edge_score_in_the_default_band(score, label):
    assert band_for(score, DEFAULT).label == label


def test_it_gives_every_possible_product_exactly_the_documented_band():
    expected = {1: "Low", 2: "Low", 3: "Low", 4: "Moderate", 5: "Moderate", 6: "Moderate"}
    expected |= {8: "High", 9: "High", 10: "High", 12: "High"}
    expected |= {15: "Extreme", 16: "Extreme", 20: "Extreme", 25: "Extreme"}
    products = {risk_score(likelihood, severity) for likelihood in range(1, 6) for severity in range(1, 6)}
    assert {score: band_for(score, DEFAULT).label for score in products} == expected


def test_it_shows_each_default_band_by_the_scores_that_can_occur():
    assert [band.range_label for band in DEFAULT] == ["1–3", "4–6", "8–12", "15–25"]


def test_it_keeps_the_working_upper_edge_of_each_band():
    assert [band.max_score for band in DEFAULT] == [3, 7, 14, 25]


def test_it_uses_a_services_own_bands():
    bands = bands_from_setting(validate_bands([("Acceptable", 1), ("Tolerable", 5), ("Unacceptable", 10)]))
    assert [band_for(score, bands).label for score in (4, 5, 9, 10, 25)] == [
        "Acceptable",
        "Tolerable",
        "Tolerable",
        "Unacceptable",
        "Unacceptable",
    ]


def test_it_colours_bands_from_lowest_to_highest():
    assert [band.tone for band in DEFAULT] == ["success", "warning", "orange", "danger"]


@pytest.mark.parametrize("score", [0, 26])
def test_it_refuses_a_score_outside_the_matrix(score):
    with pytest.raises(ValueError, match="from 1 to 25"):
        band_for(score, DEFAULT)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("Low", 1)], "at least two bands"),
        ([("Low", 2), ("High", 8)], "Start the first band at 1"),
        ([("Low", 1), ("High", 8), ("Medium", 4)], "lowest to highest"),
        ([("Low", 1), ("Low", 8)], "different name"),
        ([("Low", 1), ("High", 30)], "from 1 to 25"),
    ],
)
def test_it_explains_what_to_fix_in_bands(rows, message):
    with pytest.raises(ValidationError) as raised:
        validate_bands(rows)
    assert message in raised.value.message_dict["risk_bands"][0]
