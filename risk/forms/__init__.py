"""Forms for the risk pages. Modules by area; import from here."""

from risk.forms.assessments import (
    ActionForm,
    ActionStatusForm,
    AgreeForm,
    AreaForm,
    AssessmentDetailsForm,
    ReviewRequestForm,
    SignOffForm,
    StartReviewForm,
)
from risk.forms.other import (
    AlertEditForm,
    AlertEndForm,
    AlertForm,
    AlertTypeFormSet,
    ConcernCloseForm,
    ConcernForm,
    ConcernReferralsForm,
    ConcernUpdateForm,
    EscalationForm,
    RiskSettingsForm,
)

__all__ = [
    "ActionForm",
    "ActionStatusForm",
    "AgreeForm",
    "AlertEditForm",
    "AlertEndForm",
    "AlertForm",
    "AlertTypeFormSet",
    "AreaForm",
    "AssessmentDetailsForm",
    "ConcernCloseForm",
    "ConcernForm",
    "ConcernReferralsForm",
    "ConcernUpdateForm",
    "EscalationForm",
    "ReviewRequestForm",
    "RiskSettingsForm",
    "SignOffForm",
    "StartReviewForm",
]
