"""The plans tab, a plan's page, and a plan's life: start, write, agree, sign off, new version, print."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clients.access import require_lead
from clients.views.common import client_pdf_response, open_client
from plans import selectors, services
from plans.choices import Agreement, PlanStatus, PlanType
from plans.forms import AgreeForm, DiscardForm, PlanSectionsForm, PlanStartForm, StepStatusForm
from plans.models import Plan
from plans.views.common import (
    mark_stale,
    plan_or_404,
    plans_context,
)
from recovery.core.forms import apply_service_errors


@require_GET
@login_required
def client_plans(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="plans")
    records = selectors.wellbeing_records(client=client)
    context = plans_context(
        request,
        client,
        section="plans",
        series=selectors.client_plan_series(client=client),
        records=records,
        can_see_wrap=selectors.can_see_wrap(user=request.user, client=client, wrap=records.wrap),
        trend=records.trend,
    )
    context["early_warning"] = next((flag for flag in context["header"].flags if flag.key == "early_warning"), None)
    context["series_with_plans"] = [group for group in context["series"] if not group.is_empty]
    context["can_start"] = [group for group in context["series"] if group.draft is None and group.agreed is None]
    # The plan to review when early warning signs build up: the agreed support plan, if there is one.
    context["review_plan"] = next((group.agreed for group in context["series"] if group.agreed), None)
    context["today"] = timezone.localdate()
    return render(request, "plans/client_plans.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def plan_start(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="start a plan", for_change=True)
    form = PlanStartForm(request.POST or None, initial={"plan_type": request.GET.get("type", PlanType.SUPPORT)})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(client=client, plan_type=form.cleaned_data["plan_type"], by=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Draft started. Write it with the client, in their words.")
            return redirect("plans:plan_edit", code=client.code, plan_code=plan.code)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "plans/plan_start.html", plans_context(request, client, section="plans", form=form), status=status
    )


def _detail_context(request, client, plan_code, **extra) -> dict:
    try:
        plan = selectors.plan_detail(client=client, code=plan_code)
    except Plan.DoesNotExist:
        raise Http404 from None
    return plans_context(
        request,
        client,
        section="plans",
        plan=plan,
        goals=list(plan.goals.all()),
        reviews=list(plan.reviews.all()),
        versions=plan.version_list,
        step_statuses=StepStatusForm.base_fields["status"].choices,
        **extra,
    )


@require_GET
@login_required
def plan_detail(request: HttpRequest, code, plan_code) -> HttpResponse:
    client = open_client(request, code, detail="plan")
    context = _detail_context(request, client, plan_code, discard_form=DiscardForm())
    return render(request, "plans/plan_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def plan_edit(request: HttpRequest, code, plan_code) -> HttpResponse:
    client = open_client(request, code, detail="change plan", for_change=True)
    plan = plan_or_404(client, plan_code)
    if not plan.is_draft:
        messages.info(request, "This version has been agreed. Start a new version to change it.")
        return redirect("plans:plan_detail", code=client.code, plan_code=plan.code)
    stale = {}
    if request.method == "POST":
        form = PlanSectionsForm(request.POST, instance=plan)
        if form.is_valid():
            try:
                services.plan_update(
                    plan=plan, by=request.user, expected_version=form.cleaned_data["version"], **form.details()
                )
            except services.StaleEditError as error:
                stale = mark_stale(form, error.current, PlanSectionsForm.Meta.fields)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Plan saved.")
                return redirect("plans:plan_detail", code=client.code, plan_code=plan.code)
    else:
        form = PlanSectionsForm(instance=plan, initial={"version": plan.version})
    status = 409 if stale else (422 if request.method == "POST" else 200)
    context = plans_context(request, client, section="plans", plan=plan, form=form, stale=stale)
    return render(request, "plans/plan_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def plan_agree(request: HttpRequest, code, plan_code) -> HttpResponse:
    client = open_client(request, code, detail="agree plan", for_change=True)
    plan = plan_or_404(client, plan_code)
    if not plan.is_draft:
        messages.info(request, "This version of the plan is already agreed.")
        return redirect("plans:plan_detail", code=client.code, plan_code=plan.code)
    suggested_review, suggested_kind = services.review_due(plan=plan, agreed_on=timezone.localdate())
    changed = False
    if request.method == "POST":
        form = AgreeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = services.plan_agree(
                    plan=plan,
                    by=request.user,
                    expected_version=data["version"],
                    agreement=data["agreement"],
                    client_typed_name=data["client_typed_name"],
                    declined_reason=data["declined_reason"],
                    agreed_on=data["agreed_on"],
                    review_due_on=data["review_due_on"],
                )
            except services.StaleEditError as error:
                changed = True
                mark_stale(
                    form,
                    error.current,
                    [],
                    message=f"{error.current.updated_by} changed the plan after this page was opened, so it has not "
                    "been agreed yet. Read the plan through again with the client below, then record their agreement.",
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _agreed_message(plan))
                return redirect("plans:plan_detail", code=client.code, plan_code=plan.code)
    else:
        form = AgreeForm(initial={"version": plan.version, "review_due_on": suggested_review})
    detail = selectors.plan_detail(client=client, code=plan.code)
    context = plans_context(
        request,
        client,
        section="plans",
        plan=detail,
        goals=list(detail.goals.all()),
        form=form,
        suggested_review=suggested_review,
        suggested_kind=suggested_kind,
        changed=changed,
        settings=selectors.plan_settings_for(service=client.team.service),
    )
    status = 409 if changed else (422 if request.method == "POST" else 200)
    return render(request, "plans/plan_agree.html", context, status=status)


def _agreed_message(plan) -> str:
    how = {
        Agreement.SIGNED: f"signed on screen by {plan.client_typed_name}",
        Agreement.VERBAL: "agreed verbally",
        Agreement.DECLINED: "agreed, not signed",
    }[plan.agreement]
    message = f"Plan agreed ({how}). Next review by {date_format(plan.review_due_on, 'j M Y')}."
    if plan.awaiting_sign_off:
        message += " A team leader now signs it off."
    return message


@require_POST
@login_required
def plan_sign_off(request: HttpRequest, code, plan_code) -> HttpResponse:
    client = open_client(request, code, detail="sign off plan", for_change=True)
    require_lead(request.user, client)
    plan = plan_or_404(client, plan_code)
    try:
        services.plan_sign_off(plan=plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Plan signed off.")
    return redirect("plans:plan_detail", code=client.code, plan_code=plan.code)


@require_POST
@login_required
def plan_new_version(request: HttpRequest, code, plan_code) -> HttpResponse:
    client = open_client(request, code, detail="new plan version", for_change=True)
    plan = plan_or_404(client, plan_code)
    try:
        draft = services.plan_new_version(plan=plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:plan_detail", code=client.code, plan_code=plan.code)
    messages.success(
        request,
        f"Version {draft.number} started from version {plan.number}: goals still being worked on and their open "
        "steps have been carried forward. Change what needs changing, then agree it with the client.",
    )
    return redirect("plans:plan_detail", code=client.code, plan_code=draft.code)


@require_POST
@login_required
def plan_discard(request: HttpRequest, code, plan_code) -> HttpResponse:
    client = open_client(request, code, detail="set draft aside", for_change=True)
    plan = plan_or_404(client, plan_code)
    form = DiscardForm(request.POST)
    if form.is_valid():
        try:
            services.plan_discard(plan=plan, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Draft set aside. It is kept in the plan's history.")
            return redirect("plans:client_plans", code=client.code)
    context = _detail_context(request, client, plan.code, discard_form=form)
    return render(request, "plans/plan_detail.html", context, status=422)


@require_GET
@login_required
def plan_pdf(request: HttpRequest, code, plan_code) -> HttpResponse:
    client = open_client(request, code, detail="client copy of plan")
    try:
        plan = selectors.plan_detail(client=client, code=plan_code)
    except Plan.DoesNotExist:
        raise Http404 from None
    settings = selectors.plan_settings_for(service=client.team.service)
    context = {
        "plan": plan,
        "goals": list(plan.goals.all()),
        "crisis_contacts": settings.crisis_contacts,
        "is_current": plan.status == PlanStatus.AGREED,
    }
    return client_pdf_response(
        request,
        client,
        template="plans/pdf/plan.html",
        context=context,
        filename=f"{plan.plan_type}-plan-version-{plan.number}.pdf",
        detail="client copy of plan",
    )
