"""Every write to plans. Modules by area; import from here."""

from plans.services.goals import goal_add, goal_update, step_add, step_set_status, step_update
from plans.services.plans import (
    SECTION_FIELDS,
    StaleEditError,
    plan_agree,
    plan_create,
    plan_discard,
    plan_new_version,
    plan_sign_off,
    plan_update,
    review_due,
)
from plans.services.reviews import GoalUpdate, ReviewResult, plan_review_record
from plans.services.safety import SAFETY_TEXT_FIELDS, safety_plan_save
from plans.services.settings import plan_settings_update
from plans.services.signs import sign_add, sign_archive, signature_save, signs_observed
from plans.services.wrap import WRAP_TEXT_FIELDS, wrap_save

__all__ = [
    "SAFETY_TEXT_FIELDS",
    "SECTION_FIELDS",
    "WRAP_TEXT_FIELDS",
    "GoalUpdate",
    "ReviewResult",
    "StaleEditError",
    "goal_add",
    "goal_update",
    "plan_agree",
    "plan_create",
    "plan_discard",
    "plan_new_version",
    "plan_review_record",
    "plan_settings_update",
    "plan_sign_off",
    "plan_update",
    "review_due",
    "safety_plan_save",
    "sign_add",
    "sign_archive",
    "signature_save",
    "signs_observed",
    "step_add",
    "step_set_status",
    "step_update",
    "wrap_save",
]
