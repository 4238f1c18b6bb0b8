"""Scoring of activity risk assessments (HSE five steps): likelihood × severity, and its band.

Pure functions with no database access, so the arithmetic every page, PDF and reminder relies
on is tested at each edge. Bands are a service setting (``ProgrammeSettings.risk_bands``): a
list of ``{"label", "min_score"}`` in ascending order, the first starting at 1. A score falls in
the last band whose ``min_score`` it reaches. The defaults follow the common 5 × 5 matrix:
1–3 low, 4–6 moderate, 8–12 high, 15–25 extreme (7, 11, 13 and 14 cannot occur as products).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError

SCALE = range(1, 6)
MAX_SCORE = 25
POSSIBLE_SCORES = sorted({likelihood * severity for likelihood in SCALE for severity in SCALE})

LIKELIHOOD_LABELS = {
    1: "1 – Very unlikely",
    2: "2 – Unlikely",
    3: "3 – Possible",
    4: "4 – Likely",
    5: "5 – Very likely",
}
SEVERITY_LABELS = {
    1: "1 – Negligible (no injury or upset)",
    2: "2 – Minor (first aid)",
    3: "3 – Moderate (medical treatment)",
    4: "4 – Major (serious injury or harm)",
    5: "5 – Catastrophic (life-changing or fatal)",
}

# The colour a band shows in, by its position from lowest to highest.
BAND_TONES = ("success", "warning", "orange", "danger")

DEFAULT_BANDS: tuple[Mapping[str, object], ...] = (
    {"label": "Low", "min_score": 1},
    {"label": "Moderate", "min_score": 4},
    {"label": "High", "min_score": 8},
    {"label": "Extreme", "min_score": 15},
)


def default_bands() -> list[dict]:
    return [dict(band) for band in DEFAULT_BANDS]


@dataclass(frozen=True)
class Band:
    label: str
    min_score: int
    max_score: int
    position: int  # 0 for the lowest band

    @property
    def tone(self) -> str:
        return BAND_TONES[min(self.position, len(BAND_TONES) - 1)]

    @property
    def range_label(self) -> str:
        """The scores that can actually occur in the band, e.g. "4–6" (7 is never a product)."""
        possible = [score for score in POSSIBLE_SCORES if self.min_score <= score <= self.max_score]
        if not possible:
            return f"{self.min_score}–{self.max_score}"
        low, high = possible[0], possible[-1]
        return str(low) if low == high else f"{low}–{high}"


def risk_score(likelihood: int, severity: int) -> int:
    """Likelihood (1–5) times severity (1–5)."""
    for name, value in (("likelihood", likelihood), ("severity", severity)):
        if value not in SCALE:
            raise ValueError(f"{name} must be from 1 to 5, not {value!r}")
    return likelihood * severity


def bands_from_setting(setting: Sequence[Mapping[str, object]] | None) -> list[Band]:
    """The service's bands with their upper edges worked out (the next band's start minus one)."""
    rows = list(setting or DEFAULT_BANDS)
    bands = []
    for position, row in enumerate(rows):
        following = rows[position + 1]["min_score"] if position + 1 < len(rows) else MAX_SCORE + 1
        bands.append(
            Band(
                label=str(row["label"]),
                min_score=int(row["min_score"]),
                max_score=int(following) - 1,
                position=position,
            )
        )
    return bands


def band_for(score: int, bands: Sequence[Band]) -> Band:
    """The band a score falls in."""
    if not 1 <= score <= MAX_SCORE:
        raise ValueError(f"a risk score is from 1 to 25, not {score!r}")
    found = bands[0]
    for band in bands:
        if score >= band.min_score:
            found = band
    return found


def validate_bands(rows: Sequence[tuple[str, int]]) -> list[dict]:
    """Check bands typed by a service manager as (label, lowest score) pairs; return the setting.

    Errors say what to change, so the settings form can show them beside the bands.
    """
    cleaned = [(label.strip(), score) for label, score in rows if label.strip()]
    if len(cleaned) < 2:
        raise ValidationError({"risk_bands": "Give at least two bands, for example Low from 1 and High from 8."})
    if cleaned[0][1] != 1:
        raise ValidationError({"risk_bands": "Start the first band at 1, so every score has a band."})
    scores = [score for _, score in cleaned]
    if any(not 1 <= score <= MAX_SCORE for score in scores):
        raise ValidationError({"risk_bands": "Give each band a lowest score from 1 to 25."})
    if any(later <= earlier for earlier, later in itertools.pairwise(scores)):
        raise ValidationError({"risk_bands": "List the bands from lowest to highest, each starting above the last."})
    if len({label.casefold() for label, _ in cleaned}) != len(cleaned):
        raise ValidationError({"risk_bands": "Give each band a different name."})
    return [{"label": label, "min_score": score} for label, score in cleaned]
