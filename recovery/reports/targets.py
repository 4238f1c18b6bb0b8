"""Contract targets, matched to section figures by the figure's name.

Sections return raw figures (``recovery.core.registries.ReportSection``); the report compares a
figure with its target here, so targets stay in the service's report definition (DOMAIN.md §5)
and no section needs to know about them. A target applies to a headline figure (empty
breakdown) whose name matches exactly; every target is "at least this percentage".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StandardTarget:
    figure: str  # the figure's name, exactly as the section's csv_rows gives it
    label: str  # what the manager reads on the settings form
    default: float | None


STANDARD_TARGETS = (
    StandardTarget("Planned move-on (%)", "Planned move-on, % of exits", 75.0),
    StandardTarget("Clients with an agreed support plan (%)", "Clients with an agreed support plan, %", None),
    StandardTarget("Plan reviews done on time (%)", "Plan reviews done on time, %", None),
    StandardTarget("Clients with an in-date risk assessment (%)", "Clients with an in-date risk assessment, %", None),
    StandardTarget("Risk reviews done on time (%)", "Risk reviews done on time, %", None),
)


def default_target_values() -> dict[str, float]:
    return {target.figure: target.default for target in STANDARD_TARGETS if target.default is not None}


def target_for(targets: dict[str, float], figure: str, breakdown: str) -> float | None:
    if breakdown:
        return None
    value = (targets or {}).get(figure)
    return float(value) if value is not None else None
