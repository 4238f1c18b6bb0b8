"""Run every registered data-quality check for a period and services (the gate before a build)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from recovery.core.registries import DataQualityIssue, ordered_data_quality_checks

logger = logging.getLogger(__name__)
EXAMPLES_SHOWN = 5


@dataclass
class CheckOutcome:
    key: str
    label: str
    hint: str
    count: int
    examples: Sequence[DataQualityIssue] = field(default_factory=tuple)
    error: str = ""

    @property
    def passed(self) -> bool:
        return self.count == 0 and not self.error

    def as_incomplete(self) -> dict:
        return {"key": self.key, "label": self.label, "count": self.count, "error": self.error}


def run_checks(
    *, start: date, end: date, service_ids: Sequence[int], limit: int = EXAMPLES_SHOWN
) -> list[CheckOutcome]:
    """Every check's outcome; a check that raises is shown as "could not be checked", not hidden."""
    outcomes = []
    for check in ordered_data_quality_checks():
        try:
            result = check.find(start=start, end=end, service_ids=list(service_ids), limit=limit)
        except Exception as error:
            logger.exception("Data-quality check %s failed", check.key)
            outcomes.append(CheckOutcome(check.key, check.label, check.hint, 0, (), error=type(error).__name__))
            continue
        outcomes.append(CheckOutcome(check.key, check.label, check.hint, result.count, tuple(result.examples)))
    return outcomes


def failing_checks(*, start: date, end: date, service_ids: Sequence[int]) -> list[dict]:
    """The checks that fell short, as the run stores them (the report lists them)."""
    return [
        outcome.as_incomplete()
        for outcome in run_checks(start=start, end=end, service_ids=service_ids, limit=0)
        if not outcome.passed
    ]
