"""Every write to risk records. Modules by area; import from here."""

from recovery.core.concurrency import StaleEditError
from risk.services.alerts import alert_end, alert_set, alert_update
from risk.services.assessments import (
    action_add,
    action_set_status,
    action_update,
    area_update,
    assessment_agree,
    assessment_sign_off,
    assessment_start,
    assessment_update,
    latest_review_date,
    review_prompt_raise,
)
from risk.services.escalations import escalation_log
from risk.services.safeguarding import (
    concern_add_update,
    concern_close,
    concern_raise,
    concern_update_referrals,
    safeguarding_notify,
    safeguarding_recipients,
)
from risk.services.settings import risk_settings_for, risk_settings_update

__all__ = [
    "StaleEditError",
    "action_add",
    "action_set_status",
    "action_update",
    "alert_end",
    "alert_set",
    "alert_update",
    "area_update",
    "assessment_agree",
    "assessment_sign_off",
    "assessment_start",
    "assessment_update",
    "concern_add_update",
    "concern_close",
    "concern_raise",
    "concern_update_referrals",
    "escalation_log",
    "latest_review_date",
    "review_prompt_raise",
    "risk_settings_for",
    "risk_settings_update",
    "safeguarding_notify",
    "safeguarding_recipients",
]
