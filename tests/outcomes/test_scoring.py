"""Scoring of every measure against published rules and worked examples, at every edge.

The expected numbers are written out here by hand (the SWEMWBS table typed again from DOMAIN.md
§2 / Stewart-Brown et al. 2009), not read back from the module under test.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outcomes import measures, scoring
from outcomes.scoring import ChangeCategory, Crossing

D = Decimal

SWEMWBS_TABLE = [
    (7, "7.00"), (8, "9.51"), (9, "11.25"), (10, "12.40"), (11, "13.33"), (12, "14.08"), (13, "14.75"),
    (14, "15.32"), (15, "15.84"), (16, "16.36"), (17, "16.88"), (18, "17.43"), (19, "17.98"), (20, "18.59"),
    (21, "19.25"), (22, "19.98"), (23, "20.73"), (24, "21.54"), (25, "22.35"), (26, "23.21"), (27, "24.11"),
    (28, "25.03"), (29, "26.02"), (30, "27.03"), (31, "28.13"), (32, "29.31"), (33, "30.70"), (34, "32.55"),
    (35, "35.00"),
]  # fmt: skip


def answers_summing_to(total: int, *, count: int, low: int, high: int) -> dict[str, int]:
    """Item answers (q1..qN) within [low, high] that add up to ``total``."""
    values = [low] * count
    remaining = total - low * count
    for index in range(count):
        step = min(high - low, remaining)
        values[index] += step
        remaining -= step
    assert remaining == 0
    return {f"q{number}": value for number, value in enumerate(values, start=1)}


def uniform(measure, value) -> dict[str, int]:
    return {item.key: value for item in measure.scored_items}


# --- SWEMWBS -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "metric"), SWEMWBS_TABLE)
def test_it_converts_every_swemwbs_raw_score_to_the_published_metric_score(raw, metric):
    result = scoring.score(measures.SWEMWBS, answers_summing_to(raw, count=7, low=1, high=5))

    assert result.values["raw"] == raw
    assert result.primary == D(metric)


def test_it_scores_a_worked_swemwbs_example():
    # Often, Some of the time, Some of the time, Often, Some of the time, Often, Often: 4+3+3+4+3+4+4 = 25
    answers = {"q1": 4, "q2": 3, "q3": 3, "q4": 4, "q5": 3, "q6": 4, "q7": 4}

    result = scoring.score(measures.SWEMWBS, answers)

    assert (result.values["raw"], result.primary) == (25, D("22.35"))


def test_it_lists_the_swemwbs_items_in_the_published_order():
    assert [item.text for item in measures.SWEMWBS.items] == [
        "I've been feeling optimistic about the future",
        "I've been feeling useful",
        "I've been feeling relaxed",
        "I've been dealing with problems well",
        "I've been thinking clearly",
        "I've been feeling close to other people",
        "I've been able to make up my own mind about things",
    ]


def test_it_leaves_a_swemwbs_reading_with_one_item_missing_unscored():
    answers = uniform(measures.SWEMWBS, 3)
    del answers["q4"]

    result = scoring.score(measures.SWEMWBS, answers)

    assert (result.complete, result.primary, result.missing) == (False, None, ("q4",))


# --- WEMWBS ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "total"), [(1, 14), (5, 70), (3, 42)])
def test_it_sums_wemwbs(value, total):
    assert scoring.score(measures.WEMWBS, uniform(measures.WEMWBS, value)).primary == total


def test_it_does_not_score_an_incomplete_wemwbs():
    answers = uniform(measures.WEMWBS, 3)
    del answers["q14"]

    assert scoring.score(measures.WEMWBS, answers).complete is False


# --- CORE-10 ----------------------------------------------------------------------------------------


def test_it_reverse_scores_core10_items_2_and_3():
    assert [item.key for item in measures.CORE10.items if item.reverse] == ["q2", "q3"]


def test_it_scores_core10_all_not_at_all_as_8_because_items_2_and_3_reverse():
    assert scoring.score(measures.CORE10, uniform(measures.CORE10, 0)).primary == 8


def test_it_scores_core10_all_most_of_the_time_as_32():
    assert scoring.score(measures.CORE10, uniform(measures.CORE10, 4)).primary == 32


def test_it_gives_core10_its_minimum_of_0():
    answers = {**uniform(measures.CORE10, 0), "q2": 4, "q3": 4}

    assert scoring.score(measures.CORE10, answers).primary == 0


def test_it_gives_core10_its_maximum_of_40():
    answers = {**uniform(measures.CORE10, 4), "q2": 0, "q3": 0}

    assert scoring.score(measures.CORE10, answers).primary == 40


@pytest.mark.parametrize(("item", "answer", "total"), [("q2", 0, 4), ("q2", 4, 0), ("q3", 1, 3), ("q3", 3, 1)])
def test_it_reverse_scores_each_core10_reversed_item_alone(item, answer, total):
    answers = {**uniform(measures.CORE10, 0), "q2": 4, "q3": 4, item: answer}

    assert scoring.score(measures.CORE10, answers).primary == total


def test_it_prorates_core10_with_one_item_missing():
    answers = uniform(measures.CORE10, 2)
    del answers["q10"]  # nine answers of 2 (items 2 and 3 reverse to 2): mean 2, clinical score 20

    result = scoring.score(measures.CORE10, answers)

    assert (result.complete, result.prorated, result.primary) == (True, True, D("20.0"))


def test_it_rounds_a_prorated_core10_to_one_decimal():
    answers = {**uniform(measures.CORE10, 0), "q2": 4, "q3": 4, "q1": 1}
    del answers["q10"]  # nine items adding to 1: 1 * 10 / 9 = 1.11...

    assert scoring.score(measures.CORE10, answers).primary == D("1.1")


def test_it_does_not_score_core10_with_two_items_missing():
    answers = uniform(measures.CORE10, 2)
    del answers["q9"], answers["q10"]

    result = scoring.score(measures.CORE10, answers)

    assert (result.complete, result.primary) == (False, None)


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "Healthy"), (5, "Healthy"), (6, "Low level"), (10, "Low level"), (11, "Mild"), (14, "Mild"),
     (15, "Moderate"), (19, "Moderate"), (20, "Moderately severe"), (24, "Moderately severe"), (25, "Severe"),
     (40, "Severe")],
)  # fmt: skip
def test_it_bands_core10(total, band):
    assert measures.CORE10.band_for(D(total)) == band


def test_it_keeps_the_core10_risk_item_on_its_own():
    answers = {**uniform(measures.CORE10, 0), "q6": 2}

    assert scoring.score(measures.CORE10, answers).risk_item == 2


# --- PHQ-9 and GAD-7 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "total"), [(0, 0), (3, 27), (1, 9), (2, 18)])
def test_it_sums_phq9(value, total):
    assert scoring.score(measures.PHQ9, uniform(measures.PHQ9, value)).primary == total


def test_it_does_not_need_the_phq9_difficulty_question():
    result = scoring.score(measures.PHQ9, uniform(measures.PHQ9, 1))

    assert (result.complete, result.primary) == (True, 9)


def test_it_does_not_add_the_phq9_difficulty_question_to_the_total():
    result = scoring.score(measures.PHQ9, {**uniform(measures.PHQ9, 1), "difficulty": 3})

    assert result.primary == 9


@pytest.mark.parametrize(
    ("total", "band"),
    [(4, "Minimal"), (5, "Mild"), (9, "Mild"), (10, "Moderate"), (14, "Moderate"), (15, "Moderately severe"),
     (19, "Moderately severe"), (20, "Severe"), (27, "Severe")],
)  # fmt: skip
def test_it_bands_phq9(total, band):
    assert measures.PHQ9.band_for(D(total)) == band


def test_it_asks_for_a_risk_review_when_phq9_item_9_is_above_0_whatever_the_total():
    answers = {**uniform(measures.PHQ9, 0), "q9": 1}

    result = scoring.score(measures.PHQ9, answers)

    assert (result.primary, result.needs_risk_review) == (1, True)


def test_it_asks_for_a_risk_review_from_an_incomplete_phq9():
    result = scoring.score(measures.PHQ9, {"q9": 2})

    assert (result.complete, result.needs_risk_review) == (False, True)


def test_it_does_not_ask_for_a_risk_review_when_phq9_item_9_is_0():
    assert scoring.score(measures.PHQ9, uniform(measures.PHQ9, 3) | {"q9": 0}).needs_risk_review is False


@pytest.mark.parametrize(("value", "total"), [(0, 0), (3, 21)])
def test_it_sums_gad7(value, total):
    assert scoring.score(measures.GAD7, uniform(measures.GAD7, value)).primary == total


@pytest.mark.parametrize(
    ("total", "band"), [(4, "Minimal"), (5, "Mild"), (9, "Mild"), (10, "Moderate"), (14, "Moderate"), (15, "Severe")]
)
def test_it_bands_gad7(total, band):
    assert measures.GAD7.band_for(D(total)) == band


def test_it_puts_gad7_of_10_in_the_clinical_range_and_9_out_of_it():
    assert (measures.GAD7.in_clinical_range(D(10)), measures.GAD7.in_clinical_range(D(9))) == (True, False)


# --- DIALOG -----------------------------------------------------------------------------------------


def test_it_takes_dialog_quality_of_life_as_the_mean_of_the_8_life_items():
    life = [2, 3, 4, 5, 6, 7, 4, 5]  # 36 / 8 = 4.5
    answers = {f"q{number}": value for number, value in enumerate(life, start=1)} | {"q9": 5, "q10": 6, "q11": 7}

    result = scoring.score(measures.DIALOG, answers)

    assert (result.primary, result.values["quality_of_life"]) == (D("4.50"), D("4.50"))


def test_it_takes_dialog_treatment_satisfaction_as_the_mean_of_the_3_treatment_items():
    answers = uniform(measures.DIALOG, 4) | {"q9": 5, "q10": 6, "q11": 6}

    assert scoring.score(measures.DIALOG, answers).values["treatment_satisfaction"] == D("5.67")


@pytest.mark.parametrize(("value", "band"), [(3, "Dissatisfied"), (4, "Neutral"), (5, "Satisfied")])
def test_it_bands_dialog_around_the_neutral_4(value, band):
    assert scoring.score(measures.DIALOG, uniform(measures.DIALOG, value)).band == band


# --- Goal-Based Outcomes, ReQoL-10, life areas ---------------------------------------------------


def test_it_scores_goals_as_the_mean_of_the_goals_rated():
    result = scoring.score(measures.GBO, {"goal1": 3, "goal2": 6})

    assert (result.complete, result.primary) == (True, D("4.50"))


def test_it_leaves_goals_unscored_when_none_is_rated():
    assert scoring.score(measures.GBO, {}).complete is False


def test_it_refuses_a_goal_rating_above_10():
    with pytest.raises(scoring.AnswerError):
        scoring.score(measures.GBO, {"goal1": 11})


def test_it_reverses_reqol10_negatively_worded_items():
    all_none = uniform(measures.REQOL10, 0)

    assert scoring.score(measures.REQOL10, all_none, negative_items=(1, 3, 6, 9)).primary == 16


def test_it_scores_reqol10_from_0_to_40():
    best = {f"q{n}": (0 if n in (1, 3, 6, 9) else 4) for n in range(1, 11)}
    worst = {f"q{n}": (4 if n in (1, 3, 6, 9) else 0) for n in range(1, 11)}

    scores = [
        scoring.score(measures.REQOL10, answers, negative_items=(1, 3, 6, 9)).primary for answers in (worst, best)
    ]

    assert scores == [0, 40]


def test_it_takes_the_mean_of_the_life_areas():
    result = scoring.score(measures.LIFE_AREAS, {"a": 2, "b": 7}, area_keys=["a", "b"], scale=(1, 10))

    assert result.primary == D("4.50")


def test_it_leaves_life_areas_unscored_when_an_area_is_not_rated():
    result = scoring.score(measures.LIFE_AREAS, {"a": 2}, area_keys=["a", "b"], scale=(1, 10))

    assert (result.complete, result.missing) == (False, ("b",))


def test_it_refuses_a_life_area_rating_outside_the_scale():
    with pytest.raises(scoring.AnswerError):
        scoring.score(measures.LIFE_AREAS, {"a": 8}, area_keys=["a"], scale=(1, 7))


def test_it_refuses_an_answer_that_is_not_an_option():
    with pytest.raises(scoring.AnswerError) as raised:
        scoring.score(measures.PHQ9, {"q1": 4})

    assert raised.value.item_key == "q1"


# --- properties ---------------------------------------------------------------------------------------

QUESTIONNAIRES = [measures.SWEMWBS, measures.WEMWBS, measures.CORE10, measures.PHQ9, measures.GAD7, measures.DIALOG]


@st.composite
def readings(draw):
    measure = draw(st.sampled_from([*QUESTIONNAIRES, measures.REQOL10]))
    answers = {}
    for item in measure.items:
        options = item.options or measure.options
        answer = draw(st.one_of(st.none(), st.sampled_from([option.value for option in options])))
        if answer is not None:
            answers[item.key] = answer
    return measure, answers


@given(readings())
def test_it_keeps_every_score_within_the_measure_range(reading):
    measure, answers = reading

    result = scoring.score(measure, answers, negative_items=(1, 3, 6, 9))

    assert result.primary is None or measure.score_min <= result.primary <= measure.score_max


@given(readings())
def test_it_scores_only_complete_forms_except_a_core10_missing_one_item(reading):
    measure, answers = reading
    missing = [item for item in measure.scored_items if item.key not in answers]
    allowed_missing = 1 if measure.key == "core10" else 0

    result = scoring.score(measure, answers, negative_items=(1, 3, 6, 9))

    assert result.complete == (len(missing) <= allowed_missing)


@given(st.lists(st.integers(min_value=1, max_value=10), min_size=1, max_size=12))
def test_it_keeps_life_area_means_on_the_scale(values):
    keys = [f"a{index}" for index in range(len(values))]

    result = scoring.score(measures.LIFE_AREAS, dict(zip(keys, values, strict=True)), area_keys=keys, scale=(1, 10))

    assert D(1) <= result.primary <= D(10)


# --- reliable change and clinical crossings -------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "category"),
    [
        ("20.00", "22.87", ChangeCategory.IMPROVEMENT),
        ("20.00", "22.86", ChangeCategory.NO_CHANGE),
        ("22.87", "20.00", ChangeCategory.DETERIORATION),
        ("22.86", "20.00", ChangeCategory.NO_CHANGE),
        ("20.00", "20.00", ChangeCategory.NO_CHANGE),
    ],
)
def test_it_classes_swemwbs_change_at_the_287_threshold(before, after, category):
    assert scoring.classify(measures.SWEMWBS, D(before), D(after)) == category


@pytest.mark.parametrize(
    ("before", "after", "category"),
    [
        (15, 9, ChangeCategory.IMPROVEMENT),
        (15, 10, ChangeCategory.NO_CHANGE),
        (9, 15, ChangeCategory.DETERIORATION),
        (10, 15, ChangeCategory.NO_CHANGE),
    ],
)
def test_it_classes_phq9_change_at_6_points_where_lower_is_better(before, after, category):
    assert scoring.classify(measures.PHQ9, D(before), D(after)) == category


@pytest.mark.parametrize(
    ("measure", "threshold"),
    [(measures.GAD7, 4), (measures.CORE10, 6), (measures.WEMWBS, 3), (measures.DIALOG, 1), (measures.REQOL10, 5)],
)
def test_it_classes_a_change_of_exactly_the_threshold_as_reliable(measure, threshold):
    low, high = D(10), D(10) + threshold
    better = (low, high) if measure.direction == measures.Direction.HIGHER_IS_BETTER else (high, low)

    assert scoring.classify(measure, *better) == ChangeCategory.IMPROVEMENT


def _goals_change(before: dict[str, int], after: dict[str, int]) -> ChangeCategory:
    first, latest = scoring.score(measures.GBO, before), scoring.score(measures.GBO, after)
    return scoring.classify(
        measures.GBO, first.primary, latest.primary, before_goals=first.values, after_goals=latest.values
    )


@pytest.mark.parametrize(
    ("before", "after", "category"),
    [
        ({"goal1": 2}, {"goal1": 5}, ChangeCategory.IMPROVEMENT),
        ({"goal1": 2}, {"goal1": 4}, ChangeCategory.NO_CHANGE),
        ({"goal1": 5}, {"goal1": 2}, ChangeCategory.DETERIORATION),
        ({"goal1": 5}, {"goal1": 3}, ChangeCategory.NO_CHANGE),
    ],
    ids=["up-3", "up-2", "down-3", "down-2"],
)
def test_it_classes_each_goal_at_the_3_point_threshold(before, after, category):
    assert _goals_change(before, after) == category


def test_it_classes_goals_by_the_paired_goal_not_the_mean():
    # The mean goes from 2 to 6, but the only goal rated both times did not move.
    assert _goals_change({"goal1": 2}, {"goal1": 2, "goal2": 8, "goal3": 8}) == ChangeCategory.NO_CHANGE


def test_it_classes_goals_as_improved_when_one_improved_and_none_deteriorated():
    # The mean moves by 1 only; goal 2 improved by 3.
    assert _goals_change({"goal1": 5, "goal2": 2, "goal3": 5}, {"goal1": 5, "goal2": 5, "goal3": 5}) == (
        ChangeCategory.IMPROVEMENT
    )


def test_it_classes_goals_as_deteriorated_when_one_deteriorated_and_none_improved():
    assert _goals_change({"goal1": 6, "goal2": 6}, {"goal1": 3, "goal2": 7}) == ChangeCategory.DETERIORATION


def test_it_classes_goals_moving_both_ways_as_no_reliable_change():
    assert _goals_change({"goal1": 2, "goal2": 8}, {"goal1": 5, "goal2": 5}) == ChangeCategory.NO_CHANGE


def test_it_classes_goals_with_none_in_common_as_no_reliable_change():
    assert _goals_change({"goal1": 1}, {"goal2": 9}) == ChangeCategory.NO_CHANGE


def test_it_refuses_to_class_goals_on_the_mean_alone():
    with pytest.raises(ValueError, match="per goal"):
        scoring.classify(measures.GBO, D(2), D(8))


def test_it_has_no_reliable_change_rule_for_the_life_areas():
    assert scoring.classify(measures.LIFE_AREAS, D(3), D(8)) == ChangeCategory.NOT_DEFINED


def test_it_notices_core10_moving_out_of_the_clinical_range():
    assert scoring.crossing(measures.CORE10, D(11), D(10)) == Crossing.OUT_OF_CLINICAL


def test_it_notices_phq9_moving_into_the_clinical_range():
    assert scoring.crossing(measures.PHQ9, D(9), D(10)) == Crossing.INTO_CLINICAL


def test_it_uses_the_services_reqol_cutoff():
    assert (
        scoring.crossing(measures.REQOL10, D(24), D(26), cutoff=D(25)),
        scoring.crossing(measures.REQOL10, D(24), D(26), cutoff=D(24)),
    ) == (Crossing.OUT_OF_CLINICAL, Crossing.NONE)


def test_it_reports_no_crossing_for_a_measure_without_a_cutoff():
    assert scoring.crossing(measures.SWEMWBS, D(10), D(30)) == Crossing.NONE
