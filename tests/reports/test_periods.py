"""Reporting periods: UK financial-year quarters from 1 April, custom dates, and UK-time bounds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from recovery.reports import periods


def test_it_starts_the_financial_year_on_1_april():
    assert periods.quarter(2026, 1).start == date(2026, 4, 1)
    assert periods.quarter(2026, 1).end == date(2026, 6, 30)


def test_it_ends_the_fourth_quarter_on_31_march_of_the_next_year():
    q4 = periods.quarter(2026, 4)

    assert (q4.start, q4.end) == (date(2027, 1, 1), date(2027, 3, 31))


def test_it_labels_a_quarter_with_its_financial_year_and_dates():
    assert periods.quarter(2026, 3).label == "Q3 2026/27 (1 Oct 2026 to 31 Dec 2026)"


def test_it_puts_31_march_in_the_last_quarter_of_the_year_before():
    assert periods.quarter_containing(date(2027, 3, 31)).key == "FY2026-Q4"


def test_it_puts_1_april_in_the_first_quarter_of_the_new_year():
    assert periods.quarter_containing(date(2027, 4, 1)).key == "FY2027-Q1"


def test_it_gives_the_last_quarter_that_has_ended():
    assert periods.previous_quarter(date(2026, 7, 10)).key == "FY2026-Q1"
    assert periods.previous_quarter(date(2027, 1, 1)).key == "FY2026-Q3"


def test_it_lists_recent_quarters_newest_first_without_gaps():
    quarters = periods.recent_quarters(date(2026, 12, 1), count=6)

    assert [quarter.key for quarter in quarters] == [
        "FY2026-Q3",
        "FY2026-Q2",
        "FY2026-Q1",
        "FY2025-Q4",
        "FY2025-Q3",
        "FY2025-Q2",
    ]


def test_it_reads_a_quarter_back_from_its_key():
    assert periods.from_key("FY2025-Q4") == periods.quarter(2025, 4)


def test_it_refuses_a_key_that_is_not_a_quarter():
    with pytest.raises(ValidationError):
        periods.from_key("FY2025-Q5")


def test_it_refuses_custom_dates_that_end_before_they_start():
    with pytest.raises(ValidationError) as error:
        periods.custom(date(2026, 5, 2), date(2026, 5, 1))

    assert error.value.message_dict == {"end": ["Enter an end date on or after the start date."]}


def test_it_refuses_custom_dates_more_than_two_years_apart():
    with pytest.raises(ValidationError):
        periods.custom(date(2024, 1, 1), date(2026, 1, 2))


def test_it_accepts_a_custom_financial_year():
    period = periods.custom(date(2026, 4, 1), date(2027, 3, 31))

    assert period.days == 365


def test_it_bounds_a_summer_quarter_in_british_summer_time():
    since, until = periods.period_bounds(date(2026, 7, 1), date(2026, 9, 30))

    assert since.astimezone(UTC) == datetime(2026, 6, 30, 23, 0, tzinfo=UTC)
    assert until.astimezone(UTC) == datetime(2026, 9, 30, 23, 0, tzinfo=UTC)


def test_it_bounds_a_quarter_across_the_clocks_going_back():
    since, until = periods.period_bounds(date(2026, 10, 1), date(2026, 12, 31))

    assert since.astimezone(UTC) == datetime(2026, 9, 30, 23, 0, tzinfo=UTC)
    assert until.astimezone(UTC) == datetime(2027, 1, 1, 0, 0, tzinfo=UTC)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_it_puts_every_day_in_exactly_one_quarter_of_about_three_months(day):
    quarter = periods.quarter_containing(day)

    assert quarter.start <= day <= quarter.end
    assert 90 <= quarter.days <= 92
    assert periods.quarter_containing(quarter.end + timedelta(days=1)).start == quarter.end + timedelta(days=1)
