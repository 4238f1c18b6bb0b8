"""Every read of risk data that a view, task or registry needs. Modules by area; import from here."""

from risk.selectors.client import (
    AreaDiff,
    ConcernRow,
    FieldDiff,
    RiskOverview,
    action_for_assessment,
    alert_for_client,
    area_for_assessment,
    assessment_for_client,
    assessment_versions,
    compare_versions,
    concern_for_client,
    contact_for_client,
    risk_overview,
    visible_concerns,
)
from risk.selectors.team import (
    awaiting_sign_off_for_leader,
    led_teams,
    open_concerns_for_leader,
    overdue_reviews_for_leader,
)

__all__ = [
    "AreaDiff",
    "ConcernRow",
    "FieldDiff",
    "RiskOverview",
    "action_for_assessment",
    "alert_for_client",
    "area_for_assessment",
    "assessment_for_client",
    "assessment_versions",
    "awaiting_sign_off_for_leader",
    "compare_versions",
    "concern_for_client",
    "contact_for_client",
    "led_teams",
    "open_concerns_for_leader",
    "overdue_reviews_for_leader",
    "risk_overview",
    "visible_concerns",
]
