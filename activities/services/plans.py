"""Session plans and the reusable templates they start from."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from activities import choices
from activities.models import Session, SessionPlan, SessionPlanTemplate
from activities.models.sessions import PlanContent
from activities.services.common import clean_text, raise_if
from recovery.accounts.models import Service, User
from recovery.audit.history import acting
from recovery.core.concurrency import bump_version, lock_current_version

DOUBLE_SUBMIT_WINDOW = timedelta(minutes=10)
TEXT_FIELDS = ("aims", "materials", "facilitator_notes", "adaptations")
MAX_STEPS = 30


def clean_outline(outline) -> list[dict]:
    """Steps with some words, in order; minutes as whole numbers (empty for "as long as it takes")."""
    steps = []
    for step in outline or []:
        item = clean_text(step.get("item"))
        if not item:
            continue
        minutes = step.get("minutes")
        steps.append({"minutes": int(minutes) if minutes not in (None, "") else None, "item": item[:300]})
    return steps


def _validate_content(values: dict) -> None:
    errors = {}
    if not values["aims"]:
        errors["aims"] = "Write what people can get from the session, in a sentence or two."
    steps = values["outline"]
    if len(steps) > MAX_STEPS:
        errors["outline"] = f"Keep the outline to {MAX_STEPS} steps or fewer."
    elif any(step["minutes"] is not None and not 1 <= step["minutes"] <= 480 for step in steps):
        errors["outline"] = "Give each step between 1 and 480 minutes, or leave its minutes empty."
    raise_if(errors)


def _content(fields: dict) -> dict:
    values = {name: clean_text(fields.get(name)) for name in TEXT_FIELDS}
    values["outline"] = clean_outline(fields.get("outline"))
    return values


def copy_content(source: PlanContent) -> dict:
    """A template's (or another plan's) content, to start a new plan from."""
    return {name: getattr(source, name) for name in (*TEXT_FIELDS, "outline")}


@transaction.atomic
def plan_template_create(
    *, service: Service, by: User, title: str, category: str = "", **fields
) -> SessionPlanTemplate:
    values = _content(fields)
    title = clean_text(title)
    repeat = SessionPlanTemplate.objects.filter(
        service=service, title__iexact=title, created_by=by, created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW
    ).first()
    if title and repeat is not None:
        return repeat  # a double submit: the first template is the one
    errors = {}
    if not title:
        errors["title"] = "Enter a title, for example: Budgeting week 1."
    elif SessionPlanTemplate.objects.filter(service=service, title__iexact=title).exists():
        errors["title"] = "There is already a template with this title: choose another or open that one."
    if category and category not in choices.Category.values:
        errors["category"] = "Choose a kind of activity, or leave it empty."
    raise_if(errors)
    _validate_content(values)
    with acting(by):
        return SessionPlanTemplate.objects.create(
            service=service, title=title, category=category, created_by=by, **values
        )


@transaction.atomic
def plan_template_update(
    *,
    template: SessionPlanTemplate,
    by: User,
    expected_version: int,
    title: str,
    category: str = "",
    is_active: bool = True,
    **fields,
) -> SessionPlanTemplate:
    """Change a template. Plans already copied from it keep their own words."""
    template = lock_current_version(template, expected_version=expected_version)
    values = _content(fields)
    title = clean_text(title)
    errors = {}
    if not title:
        errors["title"] = "Enter a title, for example: Budgeting week 1."
    elif (
        SessionPlanTemplate.objects.filter(service_id=template.service_id, title__iexact=title)
        .exclude(pk=template.pk)
        .exists()
    ):
        errors["title"] = "There is already a template with this title: choose another."
    raise_if(errors)
    _validate_content(values)
    with acting(by):
        for name, value in values.items():
            setattr(template, name, value)
        template.title, template.category, template.is_active = title, category, is_active
        bump_version(template)
        template.save()
    template.refresh_from_db()
    return template


@transaction.atomic
def session_plan_save(
    *,
    session: Session,
    by: User,
    expected_version: int | None,
    template: SessionPlanTemplate | None = None,
    **fields,
) -> SessionPlan:
    """Write or change the plan for a session. ``expected_version`` is None for a new plan; a
    plan someone else saved meanwhile is refused (``StaleEditError``) rather than overwritten."""
    values = _content(fields)
    _validate_content(values)
    if template is not None and template.service_id != session.activity.service_id:
        raise_if({"template": "Choose one of this service's templates."})
    existing = SessionPlan.objects.filter(session=session).first()
    with acting(by):
        if existing is None:
            return SessionPlan.objects.create(session=session, template=template, written_by=by, **values)
        if expected_version is None and existing.written_by_id == by.pk and copy_content(existing) == values:
            return existing  # the same new plan sent twice (a double submit)
        plan = lock_current_version(existing, expected_version=expected_version or 0)
        for name, value in values.items():
            setattr(plan, name, value)
        if template is not None:
            plan.template = template
        plan.written_by = by
        bump_version(plan)
        plan.save()
    plan.refresh_from_db()
    return plan
