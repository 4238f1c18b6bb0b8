"""Choices for risk assessments, alerts, safeguarding concerns and escalations.

Words matter here (NICE NG225, 2022): risk is never graded low/medium/high, scored or
predicted. The one "level" is the **review priority**: how soon the assessment should be
looked at again, always labelled as such.
"""

from __future__ import annotations

from django.db import models


class ReviewPriority(models.TextChoices):
    ROUTINE = "routine", "Routine"
    SOON = "soon", "Soon"
    URGENT = "urgent", "Urgent"


REVIEW_PRIORITY_HELP = (
    "How soon this assessment should be looked at again. It is not a prediction of what the person will do."
)


class AreaStatus(models.TextChoices):
    NOT_ASSESSED = "not_assessed", "Not assessed"
    NO_CURRENT_CONCERN = "no_concern", "No current concern"
    CONCERN = "concern", "Concern"


class ReviewReason(models.TextChoices):
    FIRST = "first", "First assessment"
    SCHEDULED = "scheduled", "Scheduled review"
    CHANGE = "change", "Something has changed"
    INCIDENT = "incident", "After an incident or escalation"
    REQUESTED = "requested", "The person or someone in their network asked for it"
    OTHER = "other", "Other"


class PersonInvolvement(models.TextChoices):
    TOGETHER = "together", "Written together with the person"
    CONTRIBUTED = "contributed", "The person contributed their views"
    DECLINED = "declined", "The person chose not to take part this time"
    UNABLE = "unable", "The person was not able to take part this time"


class ActionStatus(models.TextChoices):
    TO_DO = "to_do", "To do"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_NEEDED = "not_needed", "No longer needed"


OPEN_ACTION_STATUSES = (ActionStatus.TO_DO, ActionStatus.IN_PROGRESS)


class PromptSource(models.TextChoices):
    CONTACT = "contact", "A contact"
    OUTCOME = "outcome", "An outcome measure reading"
    ESCALATION = "escalation", "An escalation"
    SAFEGUARDING = "safeguarding", "A safeguarding concern"
    OTHER = "other", "Something else"


class Severity(models.TextChoices):
    """How an alert shows: the colour of its badge, always with its words."""

    DANGER = "danger", "Important (red)"
    WARNING = "warning", "Take care (amber)"
    INFO = "info", "For information (blue)"


class CareActCategory(models.TextChoices):
    """Types of abuse and neglect (Care and support statutory guidance, Care Act 2014, 14.17)."""

    PHYSICAL = "physical", "Physical abuse"
    DOMESTIC = "domestic", "Domestic abuse"
    SEXUAL = "sexual", "Sexual abuse"
    PSYCHOLOGICAL = "psychological", "Psychological or emotional abuse"
    FINANCIAL = "financial", "Financial or material abuse"
    MODERN_SLAVERY = "modern_slavery", "Modern slavery"
    DISCRIMINATORY = "discriminatory", "Discriminatory abuse"
    ORGANISATIONAL = "organisational", "Organisational or institutional abuse"
    NEGLECT = "neglect", "Neglect and acts of omission"
    SELF_NEGLECT = "self_neglect", "Self-neglect"


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not known yet"


class ReferralConsent(models.TextChoices):
    """Making Safeguarding Personal: what the person wants, and whether they agreed to a referral."""

    AGREED = "agreed", "The person agreed to a referral"
    DECLINED = "declined", "The person did not agree (a referral may still be needed if others are at risk)"
    LACKS_CAPACITY = "lacks_capacity", "The person was assessed as lacking capacity to decide"
    NOT_ASKED = "not_asked", "Not asked yet"


class LocalAuthorityReferral(models.TextChoices):
    UNDECIDED = "undecided", "Not decided yet"
    REFERRED = "referred", "Referred to the local authority"
    NOT_REFERRED = "not_referred", "Decided not to refer"


class LocalAuthorityDecision(models.TextChoices):
    AWAITED = "", "Not known yet"
    SECTION_42 = "section_42", "Section 42 enquiry"
    OTHER_ENQUIRY = "other_enquiry", "Other enquiry or action"
    NO_FURTHER_ACTION = "nfa", "No further action"


class ClosureReason(models.TextChoices):
    ENQUIRY_CONCLUDED = "enquiry_concluded", "Local authority enquiry concluded"
    LA_NO_FURTHER_ACTION = "la_nfa", "Local authority decided no further action"
    RESOLVED_INTERNALLY = "resolved", "Resolved without a local authority referral"
    MOVED_AWAY = "moved_away", "Person moved away or support ended"
    OTHER = "other", "Other"


class EscalatedTo(models.TextChoices):
    ON_CALL = "on_call", "On-call manager"
    CRISIS_TEAM = "crisis_team", "Crisis team"
    EMERGENCY = "emergency", "Emergency services (999)"
    POLICE = "police", "Police (101)"
    NHS_111 = "nhs_111", "NHS 111 (option 2 for mental health)"
    GP = "gp", "GP"
    OTHER = "other", "Other"


DEFAULT_AREAS = [
    ("suicide", "Suicide"),
    ("self_harm", "Self-harm"),
    ("harm_to_others", "Harm to others"),
    ("self_neglect", "Self-neglect"),
    ("exploitation", "Exploitation / vulnerability to others"),
    ("substance_use", "Substance use"),
    ("physical_health", "Physical health"),
    ("accommodation_loss", "Accommodation loss"),
]

DEFAULT_ALERT_TYPES = [
    ("visit_in_pairs", "Visit in pairs", Severity.DANGER),
    ("allergy", "Allergy", Severity.DANGER),
    ("do_not_contact", "Do not contact", Severity.WARNING),
    ("lone_working", "Lone working precautions", Severity.WARNING),
    ("medical", "Medical condition", Severity.WARNING),
    ("fire_safety", "Fire safety", Severity.WARNING),
    ("animals", "Animals at the property", Severity.INFO),
    ("other", "Other", Severity.WARNING),
]
