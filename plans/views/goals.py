"""Adding and changing goals and steps, and marking progress on a step."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from clients.views.common import open_client
from plans import selectors, services
from plans.forms import GoalForm, StepForm, StepStatusForm
from plans.views.common import goal_or_404, mark_stale, plan_or_404, plans_context, step_or_404
from recovery.core.forms import apply_service_errors

GOAL_FIELDS = ("life_area", "in_my_words", "support", "written_by", "status", "progress")


def _plan_url(client, plan, anchor: str = "") -> str:
    url = reverse("plans:plan_detail", args=[client.code, plan.code])
    return f"{url}#{anchor}" if anchor else url


def _draft_only(request, client, plan) -> HttpResponse | None:
    if plan.is_draft:
        return None
    messages.info(request, "This version has been agreed. Start a new version to change its goals.")
    return redirect(_plan_url(client, plan))


@require_http_methods(["GET", "POST"])
@login_required
def goal_add(request: HttpRequest, code, plan_code) -> HttpResponse:
    client = open_client(request, code, detail="add goal", for_change=True)
    plan = plan_or_404(client, plan_code)
    if (refused := _draft_only(request, client, plan)) is not None:
        return refused
    life_areas = selectors.plan_settings_for(service=client.team.service).life_areas
    form = GoalForm(request.POST or None, life_areas=life_areas)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_add(plan=plan, by=request.user, **form.details())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Goal added. Add the first step towards it.")
            return redirect("plans:step_add", code=client.code, plan_code=plan.code, goal_code=goal.code)
    status = 422 if request.method == "POST" else 200
    context = plans_context(request, client, section="plans", plan=plan, form=form, stale={})
    return render(request, "plans/goal_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def goal_edit(request: HttpRequest, code, plan_code, goal_code) -> HttpResponse:
    client = open_client(request, code, detail="change goal", for_change=True)
    plan = plan_or_404(client, plan_code)
    goal = goal_or_404(plan, goal_code)
    if (refused := _draft_only(request, client, plan)) is not None:
        return refused
    life_areas = selectors.plan_settings_for(service=client.team.service).life_areas
    stale = {}
    initial = {name: getattr(goal, name) for name in GOAL_FIELDS} | {"version": goal.version}
    if request.method == "POST":
        form = GoalForm(request.POST, initial=initial, life_areas=life_areas)
        if form.is_valid():
            try:
                services.goal_update(
                    goal=goal, by=request.user, expected_version=form.cleaned_data["version"] or 0, **form.details()
                )
            except services.StaleEditError as error:
                stale = mark_stale(form, error.current, GOAL_FIELDS)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Goal saved.")
                return redirect(_plan_url(client, plan, f"goal-{goal.code}"))
    else:
        form = GoalForm(initial=initial, life_areas=life_areas)
    status = 409 if stale else (422 if request.method == "POST" else 200)
    context = plans_context(request, client, section="plans", plan=plan, goal=goal, form=form, stale=stale)
    return render(request, "plans/goal_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def step_add(request: HttpRequest, code, plan_code, goal_code) -> HttpResponse:
    client = open_client(request, code, detail="add step", for_change=True)
    plan = plan_or_404(client, plan_code)
    goal = goal_or_404(plan, goal_code)
    if (refused := _draft_only(request, client, plan)) is not None:
        return refused
    form = StepForm(request.POST or None, workers=selectors.step_owner_choices(client=client))
    if request.method == "POST" and form.is_valid():
        try:
            services.step_add(goal=goal, by=request.user, **form.details())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Step added.")
            if "add_another" in request.POST:
                return redirect("plans:step_add", code=client.code, plan_code=plan.code, goal_code=goal.code)
            return redirect(_plan_url(client, plan, f"goal-{goal.code}"))
    status = 422 if request.method == "POST" else 200
    context = plans_context(request, client, section="plans", plan=plan, goal=goal, form=form)
    return render(request, "plans/step_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def step_edit(request: HttpRequest, code, plan_code, step_code) -> HttpResponse:
    client = open_client(request, code, detail="change step", for_change=True)
    plan = plan_or_404(client, plan_code)
    step = step_or_404(plan, step_code)
    if (refused := _draft_only(request, client, plan)) is not None:
        return refused
    initial = {
        "description": step.description,
        "owner": step.owner,
        "owner_worker": step.owner_worker_id,
        "owner_name": step.owner_name,
        "due_on": step.due_on,
    }
    form = StepForm(request.POST or None, initial=initial, workers=selectors.step_owner_choices(client=client))
    if request.method == "POST" and form.is_valid():
        try:
            services.step_update(step=step, by=request.user, **form.details())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Step saved.")
            return redirect(_plan_url(client, plan, f"goal-{step.goal.code}"))
    status = 422 if request.method == "POST" else 200
    context = plans_context(request, client, section="plans", plan=plan, goal=step.goal, step=step, form=form)
    return render(request, "plans/step_form.html", context, status=status)


@require_POST
@login_required
def step_status(request: HttpRequest, code, plan_code, step_code) -> HttpResponse:
    """Mark a step started, done or not doing now: a small htmx update on the plan page, or a plain POST."""
    client = open_client(request, code, detail="step progress", for_change=True)
    plan = plan_or_404(client, plan_code)
    step = step_or_404(plan, step_code)
    form = StepStatusForm(request.POST)
    error_message = ""
    if form.is_valid():
        try:
            step = services.step_set_status(step=step, by=request.user, status=form.cleaned_data["status"])
        except ValidationError as error:
            error_message = " ".join(error.messages)
    else:
        error_message = "Choose how the step is going."
    if request.htmx:
        context = {
            "client": client,
            "plan": plan,
            "step": step,
            "can_change": True,
            "step_statuses": StepStatusForm.base_fields["status"].choices,
            "step_error": error_message,
            "step_saved": not error_message,
        }
        return render(request, "plans/partials/step_row.html", context, status=422 if error_message else 200)
    if error_message:
        messages.error(request, error_message)
    else:
        messages.success(request, f"Step marked “{step.get_status_display().lower()}”.")
    return redirect(_plan_url(client, plan, f"step-{step.code}"))
