"""Reporting periods: quarters of the UK financial year (which starts on 1 April) and custom dates.

A period is two dates, both inclusive, in Europe/London. Sections that filter on a moment in
time (a contact's ``occurred_at``) use ``period_bounds`` so that a contact at 00:30 BST on 1 July
belongs to Q2, not to Q1 as it would if the UTC date were used.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils.formats import date_format

LONDON = zoneinfo.ZoneInfo("Europe/London")
QUARTER_KEY = re.compile(r"^FY(?P<year>\d{4})-Q(?P<quarter>[1-4])$")
LONGEST_CUSTOM_PERIOD_DAYS = 2 * 366


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str
    key: str = ""  # "FY2026-Q1" for a quarter, empty for custom dates

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def financial_year_of(day: date) -> int:
    """The calendar year in which ``day``'s financial year starts (1 Apr 2026 – 31 Mar 2027 is 2026)."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def quarter(year: int, number: int) -> Period:
    """Quarter ``number`` (1–4) of the financial year starting 1 April ``year``."""
    if number not in (1, 2, 3, 4):
        raise ValueError("A financial year has quarters 1 to 4.")
    first_month = 4 + 3 * (number - 1)
    start = date(year + (first_month - 1) // 12, (first_month - 1) % 12 + 1, 1)
    next_month = first_month + 3
    end = date(year + (next_month - 1) // 12, (next_month - 1) % 12 + 1, 1) - timedelta(days=1)
    label = f"Q{number} {financial_year_label(year)} ({_span(start, end)})"
    return Period(start=start, end=end, label=label, key=f"FY{year}-Q{number}")


def quarter_containing(day: date) -> Period:
    year = financial_year_of(day)
    months_in = (day.month - 4) % 12
    return quarter(year, months_in // 3 + 1)


def previous_quarter(today: date) -> Period:
    """The last quarter that has fully ended by ``today``."""
    return quarter_containing(quarter_containing(today).start - timedelta(days=1))


def recent_quarters(today: date, count: int = 8) -> list[Period]:
    """The quarter containing ``today`` and the ``count - 1`` before it, newest first."""
    periods = [quarter_containing(today)]
    while len(periods) < count:
        periods.append(quarter_containing(periods[-1].start - timedelta(days=1)))
    return periods


def financial_year(year: int) -> Period:
    start, end = date(year, 4, 1), date(year + 1, 3, 31)
    return Period(start=start, end=end, label=f"Financial year {financial_year_label(year)} ({_span(start, end)})")


def from_key(key: str) -> Period:
    match = QUARTER_KEY.match(key or "")
    if not match:
        raise ValidationError({"period": "Choose a quarter from the list, or enter your own dates."})
    return quarter(int(match["year"]), int(match["quarter"]))


def custom(start: date, end: date) -> Period:
    if end < start:
        raise ValidationError({"end": "Enter an end date on or after the start date."})
    if (end - start).days + 1 > LONGEST_CUSTOM_PERIOD_DAYS:
        raise ValidationError({"end": "Enter dates no more than two years apart."})
    return Period(start=start, end=end, label=_span(start, end))


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Aware datetimes [start at 00:00 UK time, the day after ``end`` at 00:00 UK time)."""
    return (
        datetime.combine(start, time.min, tzinfo=LONDON),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=LONDON),
    )


def _span(start: date, end: date) -> str:
    return f"{date_format(start, 'j M Y')} to {date_format(end, 'j M Y')}"
