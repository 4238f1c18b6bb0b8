"""Forms for plans, by area; import from here."""

from plans.forms.goals import GoalForm, StepForm, StepStatusForm
from plans.forms.plans import AgreeForm, DiscardForm, PlanSectionsForm, PlanStartForm
from plans.forms.reviews import ReviewForm
from plans.forms.settings import CrisisContactFormSet, PlanSettingsForm
from plans.forms.wellbeing import (
    SAFETY_SECTIONS,
    WRAP_SECTIONS,
    SafetyPlanForm,
    SignatureForm,
    SignForm,
    WrapForm,
)

__all__ = [
    "SAFETY_SECTIONS",
    "WRAP_SECTIONS",
    "AgreeForm",
    "CrisisContactFormSet",
    "DiscardForm",
    "GoalForm",
    "PlanSectionsForm",
    "PlanSettingsForm",
    "PlanStartForm",
    "ReviewForm",
    "SafetyPlanForm",
    "SignForm",
    "SignatureForm",
    "StepForm",
    "StepStatusForm",
    "WrapForm",
]
