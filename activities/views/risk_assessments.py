"""Activity risk assessments: the service's overview, an activity's versions, writing a draft
(hazards, scores, further actions), approval by a team leader or service manager, and settings."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from activities.access import can_run_programme, require_programme_manager
from activities.forms.risk_assessments import (
    ApproveForm,
    HazardForm,
    ProgrammeSettingsForm,
    RiskActionForm,
    RiskDetailsForm,
    RiskStartForm,
)
from activities.models import ActivityHazard, ActivityRiskAction
from activities.risk_scoring import LIKELIHOOD_LABELS, SEVERITY_LABELS
from activities.selectors import risk_assessments as selectors
from activities.selectors.programme_access import (
    activity_for_user,
    can_approve,
    require_approver,
    risk_assessment_for_user,
    service_for_user,
)
from activities.services import pretenancy as pretenancy_services
from activities.services import risk_assessments as services
from activities.views.common import programme_context
from recovery.core.concurrency import StaleEditError
from recovery.core.forms import apply_service_errors, keep_text_after_conflict

INVALID, CONFLICT = 422, 409


def _status(request: HttpRequest, form) -> int:
    return INVALID if request.method == "POST" and form.errors else 200


def _to_detail(assessment) -> HttpResponse:
    return redirect("activities:risk_assessment_detail", code=assessment.code)


@require_GET
@login_required
def service_risk(request: HttpRequest, service_code) -> HttpResponse:
    """Every activity of the service with the state of its risk assessment."""
    service = service_for_user(request.user, service_code)
    return render(
        request,
        "activities/programme/risk_overview.html",
        programme_context(request, service, section="risk", rows=selectors.service_risk_overview(service=service)),
    )


@require_GET
@login_required
def activity_risk(request: HttpRequest, code) -> HttpResponse:
    """An activity's assessment: the version in force, any draft, and every earlier version."""
    activity = activity_for_user(request.user, code)
    versions = selectors.activity_versions(activity=activity)
    status = selectors.risk_facts(activity_ids=[activity.pk])[activity.pk].status_on(timezone.localdate())
    return render(
        request,
        "activities/programme/activity_risk.html",
        {
            "activity": activity,
            "versions": versions,
            "status": status,
            "draft": next((version for version in versions if version.is_draft), None),
            "current": next((version for version in versions if version.is_current), None),
            "can_change": can_run_programme(request.user, activity.service_id),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def risk_assessment_start(request: HttpRequest, code) -> HttpResponse:
    activity = activity_for_user(request.user, code, for_change=True)
    versions = selectors.activity_versions(activity=activity)
    draft = next((version for version in versions if version.is_draft), None)
    if draft is not None:
        messages.info(request, f"Version {draft.number} is already in progress: carry on with it here.")
        return _to_detail(draft)
    current = next((version for version in versions if version.is_current), None)
    form = RiskStartForm(request.POST or None) if current else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            assessment, _ = services.risk_assessment_start(
                activity=activity, by=request.user, **(form.cleaned_data if form else {})
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Version {assessment.number} started. Add each hazard with its scores.")
            return _to_detail(assessment)
    return render(
        request,
        "activities/programme/risk_start.html",
        {"activity": activity, "current": current, "form": form},
        status=_status(request, form) if form else 200,
    )


@require_GET
@login_required
def risk_assessment_detail(request: HttpRequest, code) -> HttpResponse:
    assessment = risk_assessment_for_user(request.user, code)
    service = assessment.activity.service
    bands = selectors.service_bands(service=service)
    return render(
        request,
        "activities/programme/risk_detail.html",
        {
            "assessment": assessment,
            "activity": assessment.activity,
            "hazards": selectors.assessment_hazards(assessment=assessment, bands=bands),
            "bands": bands,
            "can_change": can_run_programme(request.user, service.pk),
            "can_approve": can_approve(request.user, service.pk),
        },
    )


def _draft_or_back(request: HttpRequest, assessment) -> HttpResponse | None:
    if assessment.is_draft:
        return None
    messages.error(request, services.DRAFT_ONLY)
    return _to_detail(assessment)


@require_http_methods(["GET", "POST"])
@login_required
def risk_assessment_edit(request: HttpRequest, code) -> HttpResponse:
    assessment = risk_assessment_for_user(request.user, code, for_change=True)
    if (back := _draft_or_back(request, assessment)) is not None:
        return back
    service = assessment.activity.service
    status = 200
    if request.method == "POST":
        form = RiskDetailsForm(request.POST, service=service)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.risk_assessment_update(
                    assessment=assessment,
                    by=request.user,
                    expected_version=data["version"],
                    assessor=data["assessor"],
                    assessed_on=data["assessed_on"],
                    summary=data["summary"],
                    review_reason=data["review_reason"],
                )
            except StaleEditError as error:
                keep_text_after_conflict(form, error.current.version)
                status = CONFLICT
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Saved.")
                return _to_detail(assessment)
        status = status if status == CONFLICT else _status(request, form)
    else:
        form = RiskDetailsForm(
            service=service,
            initial={
                "version": assessment.version,
                "assessor": assessment.assessor_id,
                "assessed_on": assessment.assessed_on,
                "summary": assessment.summary,
                "review_reason": assessment.review_reason,
            },
        )
    return render(
        request,
        "activities/programme/risk_form.html",
        {"assessment": assessment, "activity": assessment.activity, "form": form, "title": "Assessment details"},
        status=status,
    )


def _hazard_page(request, assessment, form, *, hazard=None, status=200) -> HttpResponse:
    return render(
        request,
        "activities/programme/hazard_form.html",
        {
            "assessment": assessment,
            "activity": assessment.activity,
            "form": form,
            "hazard": hazard,
            "bands": selectors.service_bands(service=assessment.activity.service),
            "likelihood_labels": LIKELIHOOD_LABELS,
            "severity_labels": SEVERITY_LABELS,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def hazard_add(request: HttpRequest, code) -> HttpResponse:
    assessment = risk_assessment_for_user(request.user, code, for_change=True)
    if (back := _draft_or_back(request, assessment)) is not None:
        return back
    form = HazardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {key: value for key, value in form.cleaned_data.items() if key != "version"}
        try:
            services.hazard_add(assessment=assessment, by=request.user, **values)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Hazard added.")
            return _to_detail(assessment)
    return _hazard_page(request, assessment, form, status=_status(request, form))


def _hazard(assessment, hazard_code) -> ActivityHazard:
    return get_object_or_404(ActivityHazard, assessment=assessment, code=hazard_code, is_removed=False)


@require_http_methods(["GET", "POST"])
@login_required
def hazard_edit(request: HttpRequest, code, hazard_code) -> HttpResponse:
    assessment = risk_assessment_for_user(request.user, code, for_change=True)
    hazard = _hazard(assessment, hazard_code)
    if (back := _draft_or_back(request, assessment)) is not None:
        return back
    status = 200
    if request.method == "POST":
        form = HazardForm(request.POST)
        if form.is_valid():
            values = {key: value for key, value in form.cleaned_data.items() if key != "version"}
            try:
                services.hazard_update(
                    existing=hazard, by=request.user, expected_version=form.cleaned_data["version"] or 0, **values
                )
            except StaleEditError as error:
                keep_text_after_conflict(form, error.current.version)
                status = CONFLICT
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Hazard saved.")
                return _to_detail(assessment)
        status = status if status == CONFLICT else _status(request, form)
    else:
        form = HazardForm(
            initial={"version": hazard.version, **{field: getattr(hazard, field) for field in services.HAZARD_FIELDS}}
        )
    return _hazard_page(request, assessment, form, hazard=hazard, status=status)


@require_POST
@login_required
def hazard_remove(request: HttpRequest, code, hazard_code) -> HttpResponse:
    assessment = risk_assessment_for_user(request.user, code, for_change=True)
    hazard = _hazard(assessment, hazard_code)
    try:
        services.hazard_remove(hazard=hazard, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{hazard.hazard}” taken out of this version.")
    return _to_detail(assessment)


@require_http_methods(["GET", "POST"])
@login_required
def risk_action_add(request: HttpRequest, code, hazard_code) -> HttpResponse:
    assessment = risk_assessment_for_user(request.user, code, for_change=True)
    hazard = _hazard(assessment, hazard_code)
    if (back := _draft_or_back(request, assessment)) is not None:
        return back
    service = assessment.activity.service
    form = RiskActionForm(request.POST or None, service=service, initial={"owner": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_action_add(hazard=hazard, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Action added.")
            return _to_detail(assessment)
    return render(
        request,
        "activities/programme/risk_action_form.html",
        {"assessment": assessment, "activity": assessment.activity, "hazard": hazard, "form": form},
        status=_status(request, form),
    )


@require_POST
@login_required
def risk_action_done(request: HttpRequest, code, action_code) -> HttpResponse:
    assessment = risk_assessment_for_user(request.user, code, for_change=True)
    action = get_object_or_404(ActivityRiskAction, hazard__assessment=assessment, code=action_code)
    services.risk_action_done(action=action, by=request.user)
    messages.success(request, f"“{action.action}” marked as done.")
    return _to_detail(assessment)


@require_http_methods(["GET", "POST"])
@login_required
def risk_assessment_approve(request: HttpRequest, code) -> HttpResponse:
    assessment = risk_assessment_for_user(request.user, code)
    require_approver(request.user, assessment.activity.service_id)
    if (back := _draft_or_back(request, assessment)) is not None:
        return back
    service = assessment.activity.service
    settings = services.programme_settings_for(service=service)
    status = 200
    if request.method == "POST":
        form = ApproveForm(request.POST)
        if form.is_valid():
            try:
                services.risk_assessment_approve(
                    assessment=assessment,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    review_due_on=form.cleaned_data["review_due_on"],
                    approval_note=form.cleaned_data["approval_note"],
                )
            except StaleEditError as error:
                keep_text_after_conflict(form, error.current.version)
                status = CONFLICT
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"Version {assessment.number} approved: it is now in force.")
                return _to_detail(assessment)
        status = status if status == CONFLICT else _status(request, form)
    else:
        form = ApproveForm(
            initial={
                "version": assessment.version,
                "review_due_on": timezone.localdate() + timedelta(days=settings.risk_review_interval_days),
            }
        )
    bands = selectors.service_bands(service=service)
    return render(
        request,
        "activities/programme/risk_approve.html",
        {
            "assessment": assessment,
            "activity": assessment.activity,
            "form": form,
            "hazards": selectors.assessment_hazards(assessment=assessment, bands=bands),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def programme_settings(request: HttpRequest, service_code) -> HttpResponse:
    """The service manager's settings: risk bands, review and warning intervals, course modules."""
    service = service_for_user(request.user, service_code)
    require_programme_manager(request.user, service.pk)
    settings = services.programme_settings_for(service=service)
    modules = pretenancy_services.pretenancy_modules_for(service=service)
    status = 200
    if request.method == "POST":
        form = ProgrammeSettingsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    services.programme_settings_update(
                        settings=settings,
                        by=request.user,
                        expected_version=data["version"],
                        risk_bands=data["risk_bands"],
                        risk_review_interval_days=data["risk_review_interval_days"],
                        risk_warning_days=data["risk_warning_days"],
                    )
                    pretenancy_services.pretenancy_modules_update(
                        service=service, by=request.user, titles=data["modules"]
                    )
            except StaleEditError as error:
                keep_text_after_conflict(form, error.current.version)
                status = CONFLICT
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Programme settings saved.")
                return redirect("activities:programme_settings", service_code=service.code)
        status = status if status == CONFLICT else _status(request, form)
    else:
        form = ProgrammeSettingsForm(
            initial={
                "version": settings.version,
                "risk_bands": "\n".join(f"{band['label']}: {band['min_score']}" for band in settings.risk_bands),
                "risk_review_interval_days": settings.risk_review_interval_days,
                "risk_warning_days": settings.risk_warning_days,
                "modules": "\n".join(module.title for module in modules),
            }
        )
    return render(
        request,
        "activities/programme/settings.html",
        programme_context(request, service, section="programme_settings", form=form, modules=modules),
        status=status,
    )
