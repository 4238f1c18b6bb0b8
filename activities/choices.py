"""Choices shared by the activities models, forms and demo data."""

from __future__ import annotations

from django.db import models


class Category(models.TextChoices):
    LIFE_SKILLS = "life_skills", "Life skills"
    PRE_TENANCY = "pre_tenancy", "Pre-tenancy"
    WELLBEING = "wellbeing", "Wellbeing"
    PHYSICAL = "physical", "Physical activity"
    CREATIVE = "creative", "Creative"
    SOCIAL = "social", "Social"
    PEER_SUPPORT = "peer_support", "Peer support"
    ETE = "ete", "Education, training and employment"
    OUTING = "outing", "Community outing"


class AgencyType(models.TextChoices):
    CHARITY = "charity", "Charity or voluntary group"
    COLLEGE = "college", "College or adult education"
    NHS = "nhs", "NHS service"
    COUNCIL = "council", "Local council"
    HOUSING = "housing", "Housing provider"
    EMPLOYMENT = "employment", "Employment support"
    LEISURE = "leisure", "Leisure or sports centre"
    BUSINESS = "business", "Local business"
    OTHER = "other", "Other"


class LocationKind(models.TextChoices):
    IN_HOUSE = "in_house", "In-house room"
    COMMUNITY = "community", "Community address"


class Frequency(models.TextChoices):
    ONCE = "once", "One-off"
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Fortnightly"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    CANCELLED = "cancelled", "Booking cancelled"


class Mark(models.TextChoices):
    """What the register records for each person. "Absent" is a plain word, never a judgement."""

    ATTENDED = "attended", "Attended"
    LATE = "late", "Late"
    LEFT_EARLY = "left_early", "Left early"
    ABSENT = "absent", "Absent"


# The marks that mean the person took part: shown on their timeline and counted as being seen.
TOOK_PART = (Mark.ATTENDED, Mark.LATE, Mark.LEFT_EARLY)
