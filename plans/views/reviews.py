"""Reviewing an agreed plan with the client."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods

from clients.views.common import open_client
from plans import selectors, services
from plans.choices import ReviewKind
from plans.forms import ReviewForm
from plans.views.common import mark_stale, plan_or_404, plans_context
from recovery.core.forms import apply_service_errors


@require_http_methods(["GET", "POST"])
@login_required
def plan_review(request: HttpRequest, code, plan_code) -> HttpResponse:
    client = open_client(request, code, detail="review plan", for_change=True)
    plan = plan_or_404(client, plan_code)
    if not plan.is_agreed:
        messages.info(request, "Only the current agreed plan can be reviewed.")
        return redirect("plans:plan_detail", code=client.code, plan_code=plan.code)
    detail = selectors.plan_detail(client=client, code=plan.code)
    goals = list(detail.goals.all())
    changed = False
    if request.method == "POST":
        form = ReviewForm(request.POST, goals=goals)
        if form.is_valid():
            try:
                result = services.plan_review_record(
                    plan=plan,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    goal_updates=form.goal_updates(),
                    **form.details(),
                )
            except services.StaleEditError as error:
                changed = True
                mark_stale(
                    form,
                    error.current,
                    [],
                    message=f"{error.current.updated_by} changed this plan after you opened the review, so the review "
                    "has not been saved yet. Your notes are kept below: check the plan, then save the review again.",
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if result.next_version is not None:
                    messages.success(
                        request,
                        f"Review saved. Version {result.next_version.number} has been started with the goals carried "
                        "forward: change it with the client, then agree it.",
                    )
                    return redirect("plans:plan_detail", code=client.code, plan_code=result.next_version.code)
                messages.success(
                    request, f"Review saved. Next review by {date_format(result.plan.review_due_on, 'j M Y')}."
                )
                return redirect("plans:plan_detail", code=client.code, plan_code=plan.code)
    else:
        asked = request.GET.get("kind")
        kind = asked if asked in ReviewKind.values else plan.review_due_kind or ReviewKind.SCHEDULED
        form = ReviewForm(initial={"version": plan.version, "kind": kind}, goals=goals)
    status = 409 if changed else (422 if request.method == "POST" else 200)
    context = plans_context(request, client, section="plans", plan=detail, form=form)
    return render(request, "plans/plan_review.html", context, status=status)
