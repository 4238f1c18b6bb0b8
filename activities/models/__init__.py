"""Activities models, one module per part of the programme, re-exported here for Django."""

from activities.models.attendance import Attendance, Booking, RegularAttendee
from activities.models.programme import Activity, ActivityFacilitator, PartnerAgency, TimetableFeed
from activities.models.sessions import Session, SessionPlan, SessionPlanTemplate, SessionSeries

__all__ = [
    "Activity",
    "ActivityFacilitator",
    "Attendance",
    "Booking",
    "PartnerAgency",
    "RegularAttendee",
    "Session",
    "SessionPlan",
    "SessionPlanTemplate",
    "SessionSeries",
    "TimetableFeed",
]
from activities.models.feedback import *  # noqa: F403 - the programme half's models, listed in its __all__
from activities.models.pretenancy import *  # noqa: F403
from activities.models.risk_assessments import *  # noqa: F403
