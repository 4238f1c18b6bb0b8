"""Choice lists and defaults for plans. Labels are what people read; values never change."""

from __future__ import annotations

from django.db import models


class PlanType(models.TextChoices):
    SUPPORT = "support", "Support and recovery plan"
    PERSONAL = "personal", "Personal Support Plan"
    CRISIS = "crisis", "Crisis and contingency plan"


# Plan types that count as "the person's support plan" for the caseload's "no agreed plan" flag
# and the commissioner's "clients with a current plan"; a crisis plan on its own does not.
MAIN_PLAN_TYPES = (PlanType.SUPPORT, PlanType.PERSONAL)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed"
    SUPERSEDED = "superseded", "Superseded"
    ARCHIVED = "archived", "Draft set aside"


class WrittenBy(models.TextChoices):
    """Self or joint documentation: who wrote a section, shown beside it everywhere."""

    CLIENT = "client", "Written by the client"
    JOINT = "joint", "Written together"
    WORKER = "worker", "Written by the worker"


class Agreement(models.TextChoices):
    SIGNED = "signed", "Signed on screen (typed name)"
    VERBAL = "verbal", "Agreed verbally"
    DECLINED = "declined", "Declined to sign"


class GoalStatus(models.TextChoices):
    WORKING = "working", "Working on it"
    ACHIEVED = "achieved", "Achieved"
    PAUSED = "paused", "On hold for now"
    STOPPED = "stopped", "No longer wanted"


# Goals in these states move into the next version of the plan.
CARRIED_GOAL_STATUSES = (GoalStatus.WORKING, GoalStatus.PAUSED)


class StepOwner(models.TextChoices):
    CLIENT = "client", "The client"
    WORKER = "worker", "A worker"
    PARTNER = "partner", "A partner agency or person"


class StepStatus(models.TextChoices):
    TO_DO = "to_do", "To do"
    STARTED = "started", "Started"
    DONE = "done", "Done"
    NOT_DOING = "not_doing", "Not doing now"


OPEN_STEP_STATUSES = (StepStatus.TO_DO, StepStatus.STARTED)


class ReviewKind(models.TextChoices):
    FIRST = "first", "First light-touch review"
    SCHEDULED = "scheduled", "Planned review"
    CHANGE = "change", "Review because things changed"
    EARLY_WARNING = "early_warning", "Review after early warning signs"


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", "Keep this plan and set the next review date"
    NEW_VERSION = "new_version", "Start the next version of the plan, carrying the goals forward"


class WrapSharing(models.TextChoices):
    LEAD_ONLY = "lead_only", "Only me and my lead worker"
    TEAM = "team", "Me and my support team"
    TEAM_AND_NETWORK = "team_and_network", "My support team and people I name in my network"


class SignKind(models.TextChoices):
    SIGN = "sign", "Early warning sign"
    TRIGGER = "trigger", "Trigger"


# A service's own list replaces this. The wording is ours: the Recovery Star's areas are
# proprietary and must not be shipped (DOMAIN.md §2).
DEFAULT_LIFE_AREAS = [
    "Mental health and wellbeing",
    "Physical health",
    "Home and tenancy",
    "Money and benefits",
    "Friends, family and community",
    "Work, learning and volunteering",
    "Everyday living skills",
    "Alcohol, drugs and gambling",
    "Staying safe",
    "Interests and things I enjoy",
]

# UK numbers only (DOMAIN.md §4). "Your local crisis line" is filled in by each service.
DEFAULT_CRISIS_CONTACTS = [
    {"name": "Samaritans", "phone": "116 123", "detail": "Free, any time, day or night. Or e-mail jo@samaritans.org."},
    {"name": "NHS 111", "phone": "111, option 2", "detail": "Urgent mental health help, any time."},
    {"name": "Your local crisis line", "phone": "", "detail": "Ask your worker to add your local number."},
]
