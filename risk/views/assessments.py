"""Risk assessments: start or review, read a version, edit a draft area by area, the management
plan, agree, sign off, and compare two versions side by side."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clients.access import can_lead_client
from clients.views.common import open_client
from recovery.core.forms import apply_service_errors, keep_text_after_conflict
from risk import selectors, services
from risk.choices import AreaStatus
from risk.forms import (
    ActionForm,
    ActionStatusForm,
    AgreeForm,
    AreaForm,
    AssessmentDetailsForm,
    SignOffForm,
    StartReviewForm,
)
from risk.models import RiskArea, RiskAssessment
from risk.services import StaleEditError
from risk.services.assessments import DRAFT_ONLY
from risk.views.common import (
    CONFLICT,
    client_page,
    staff_for,
    status_for,
)


def _to_detail(assessment: RiskAssessment) -> HttpResponse:
    return redirect("risk:assessment_detail", code=assessment.client.code, assessment_code=assessment.code)


def _read_only(request: HttpRequest, assessment: RiskAssessment) -> HttpResponse:
    messages.error(request, DRAFT_ONLY)
    return _to_detail(assessment)


@require_http_methods(["GET", "POST"])
@login_required
def assessment_start(request: HttpRequest, code) -> HttpResponse:
    """Start the first assessment, or a review (a new draft version copying the current one)."""
    client = open_client(request, code, detail="start risk assessment", for_change=True)
    versions = selectors.assessment_versions(client=client)
    draft = next((version for version in versions if version.is_draft), None)
    if draft is not None:
        messages.info(request, f"Version {draft.number} is already in progress: carry on with it here.")
        return _to_detail(draft)
    current = next((version for version in versions if version.is_current), None)
    form = StartReviewForm(request.POST or None) if current else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            assessment, _ = services.assessment_start(
                client=client, by=request.user, **(form.cleaned_data if form else {})
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if current:
                messages.success(
                    request,
                    f"Review started: version {assessment.number} holds a copy of version {current.number} to update.",
                )
            else:
                messages.success(request, "Risk assessment started. Go through each area with the person.")
            return _to_detail(assessment)
    return client_page(
        request,
        client,
        "risk/assessment_start.html",
        form=form,
        current=current,
        status=status_for(request, form) if form else 200,
    )


@require_GET
@login_required
def assessment_detail(request: HttpRequest, code, assessment_code) -> HttpResponse:
    client = open_client(request, code, detail="risk assessment")
    assessment = selectors.assessment_for_client(client=client, code=assessment_code)
    actions = list(assessment.actions.all())
    for action in actions:
        action.status_form = ActionStatusForm(initial={"status": action.status, "version": action.version})
    open_area_ids = {action.area_id for action in actions if action.is_open and action.area_id}
    areas = list(assessment.areas.all())
    return client_page(
        request,
        client,
        "risk/assessment_detail.html",
        assessment=assessment,
        areas=areas,
        actions=actions,
        concerns_without_actions=[area for area in areas if area.is_concern and area.pk not in open_area_ids],
        open_area_ids=open_area_ids,
        sign_off_form=SignOffForm(initial={"version": assessment.version}),
    )


@require_http_methods(["GET", "POST"])
@login_required
def assessment_edit(request: HttpRequest, code, assessment_code) -> HttpResponse:
    """A draft's review priority, summary and what has changed."""
    client = open_client(request, code, detail="edit risk assessment", for_change=True)
    assessment = selectors.assessment_for_client(client=client, code=assessment_code)
    if not assessment.is_draft:
        return _read_only(request, assessment)
    stale = None
    if request.method == "POST":
        form = AssessmentDetailsForm(request.POST)
        if form.is_valid():
            try:
                services.assessment_update(
                    assessment=assessment,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    review_priority=form.cleaned_data["review_priority"],
                    summary=form.cleaned_data["summary"],
                    review_reason_detail=form.cleaned_data["review_reason_detail"],
                )
            except StaleEditError as error:
                stale = error.current
                keep_text_after_conflict(form, stale.version)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Saved.")
                return _to_detail(assessment)
    else:
        form = AssessmentDetailsForm(
            initial={
                "version": assessment.version,
                "review_priority": assessment.review_priority,
                "summary": assessment.summary,
                "review_reason_detail": assessment.review_reason_detail,
            }
        )
    status = CONFLICT if stale else status_for(request, form)
    return client_page(
        request, client, "risk/assessment_form.html", form=form, assessment=assessment, stale=stale, status=status
    )


@require_http_methods(["GET", "POST"])
@login_required
def area_edit(request: HttpRequest, code, assessment_code, key: str) -> HttpResponse:
    """One area of a draft. A clash with someone else's save keeps both texts on the page."""
    client = open_client(request, code, detail="edit risk area", for_change=True)
    assessment = selectors.assessment_for_client(client=client, code=assessment_code)
    area = selectors.area_for_assessment(assessment=assessment, key=key)
    if not assessment.is_draft:
        return _read_only(request, assessment)
    stale = None
    if request.method == "POST":
        form = AreaForm(request.POST)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in form.fields if name != "version"}
            try:
                services.area_update(
                    area=area, by=request.user, expected_version=form.cleaned_data["version"], **values
                )
            except StaleEditError as error:
                stale = error.current
                keep_text_after_conflict(form, stale.version)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"{area.label} saved.")
                response = _to_detail(assessment)
                response["Location"] += f"#area-{area.key}"
                return response
    else:
        form = AreaForm.for_area(area)
    status = CONFLICT if stale else status_for(request, form)
    return client_page(
        request, client, "risk/area_form.html", form=form, assessment=assessment, area=area, stale=stale, status=status
    )


def _action_form(request: HttpRequest, assessment: RiskAssessment, client, **kwargs) -> ActionForm:
    return ActionForm(
        request.POST or None,
        areas=RiskArea.objects.filter(assessment=assessment).order_by("position"),
        staff=staff_for(client),
        **kwargs,
    )


@require_http_methods(["GET", "POST"])
@login_required
def action_create(request: HttpRequest, code, assessment_code) -> HttpResponse:
    client = open_client(request, code, detail="add risk plan action", for_change=True)
    assessment = selectors.assessment_for_client(client=client, code=assessment_code)
    if not assessment.is_draft:
        return _read_only(request, assessment)
    area_key = request.GET.get("area")
    preset = next((area for area in assessment.areas.all() if area.key == area_key), None)
    form = _action_form(request, assessment, client, initial={"area": preset, "version": 1})
    if request.method == "POST" and form.is_valid():
        try:
            services.action_add(
                assessment=assessment,
                by=request.user,
                action=form.cleaned_data["action"],
                due_on=form.cleaned_data["due_on"],
                area=form.cleaned_data["area"],
                owner=form.cleaned_data["owner"],
                owner_other=form.cleaned_data["owner_other"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Action added to the management plan.")
            response = _to_detail(assessment)
            response["Location"] += "#plan"
            return response
    return client_page(
        request, client, "risk/action_form.html", form=form, assessment=assessment, action=None,
        status=status_for(request, form),
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def action_edit(request: HttpRequest, code, assessment_code, action_code) -> HttpResponse:
    client = open_client(request, code, detail="change risk plan action", for_change=True)
    assessment = selectors.assessment_for_client(client=client, code=assessment_code)
    action = selectors.action_for_assessment(assessment=assessment, code=action_code)
    if not assessment.is_draft:
        return _read_only(request, assessment)
    initial = {
        "action": action.action,
        "area": action.area,
        "owner": action.owner,
        "owner_other": action.owner_other,
        "due_on": action.due_on,
        "status": action.status,
        "version": action.version,
    }
    form = _action_form(request, assessment, client, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                action=action,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                text=form.cleaned_data["action"],
                due_on=form.cleaned_data["due_on"],
                status=form.cleaned_data["status"],
                area=form.cleaned_data["area"],
                owner=form.cleaned_data["owner"],
                owner_other=form.cleaned_data["owner_other"],
            )
        except StaleEditError as error:
            stale = error.current
            keep_text_after_conflict(form, stale.version)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Action saved.")
            response = _to_detail(assessment)
            response["Location"] += "#plan"
            return response
    status = CONFLICT if stale else status_for(request, form)
    return client_page(
        request, client, "risk/action_form.html", form=form, assessment=assessment, action=action, stale=stale,
        status=status,
    )  # fmt: skip


@require_POST
@login_required
def action_status(request: HttpRequest, code, assessment_code, action_code) -> HttpResponse:
    """Move an action of the current plan on, from the assessment page."""
    client = open_client(request, code, detail="update risk plan action", for_change=True)
    assessment = selectors.assessment_for_client(client=client, code=assessment_code)
    action = selectors.action_for_assessment(assessment=assessment, code=action_code)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            updated = services.action_set_status(
                action=action,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
            )
        except StaleEditError as error:
            messages.error(
                request,
                f"Someone else changed this action after you opened the page; it is now "
                f"“{error.current.get_status_display()}”. Check it, then change it again if you need to.",
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Action marked “{updated.get_status_display()}”.")
    else:
        messages.error(request, "Choose a status for the action.")
    response = _to_detail(assessment)
    response["Location"] += "#plan"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def assessment_agree(request: HttpRequest, code, assessment_code) -> HttpResponse:
    """Agree a draft with the person. Refused with a message beside each area marked "Concern"
    that has no action in the management plan."""
    client = open_client(request, code, detail="agree risk assessment", for_change=True)
    assessment = selectors.assessment_for_client(client=client, code=assessment_code)
    if not assessment.is_draft:
        return _read_only(request, assessment)
    form = AgreeForm(request.POST or None, initial={"version": assessment.version})
    review_by = services.latest_review_date(client=client)
    form.fields["review_due_on"].help_text = (
        f"Leave empty for {review_by.day} {review_by:%b %Y} (the service reviews every "
        f"{client.team.service.risk_review_interval_days} days). Choose an earlier date if things are changing."
    )
    area_errors: dict[str, list[str]] = {}
    if request.method == "POST" and form.is_valid():
        try:
            agreed = services.assessment_agree(
                assessment=assessment,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                person_involvement=form.cleaned_data["person_involvement"],
                person_involvement_note=form.cleaned_data["person_involvement_note"],
                review_due_on=form.cleaned_data["review_due_on"],
            )
        except StaleEditError as error:
            keep_text_after_conflict(
                form,
                error.current.version,
                message="Someone changed this assessment after you opened this page. Check it below, then agree it again.",
            )
        except ValidationError as error:
            area_errors = apply_service_errors(form, error, elsewhere=True)
        else:
            messages.success(
                request,
                f"Risk assessment agreed. Review by {agreed.review_due_on.day} {agreed.review_due_on:%b %Y}."
                + (" Your team leader will sign it off." if agreed.awaiting_sign_off else ""),
            )
            return _to_detail(agreed)
    actions = list(assessment.actions.all())
    open_area_ids = {action.area_id for action in actions if action.is_open and action.area_id}
    areas = [
        {"area": area, "errors": area_errors.get(f"area_{area.key}", []), "has_action": area.pk in open_area_ids}
        for area in assessment.areas.all()
    ]
    return client_page(
        request,
        client,
        "risk/assessment_agree.html",
        form=form,
        assessment=assessment,
        areas=areas,
        general_errors=area_errors.get("areas", []) + area_errors.get("review_priority", []),
        not_assessed=[area for area in assessment.areas.all() if area.status == AreaStatus.NOT_ASSESSED],
        status=status_for(request, form) if not area_errors else 422,
    )


@require_POST
@login_required
def assessment_sign_off(request: HttpRequest, code, assessment_code) -> HttpResponse:
    client = open_client(request, code, detail="sign off risk assessment", for_change=True)
    if not can_lead_client(request.user, client):
        raise PermissionDenied("Only the team leader or service manager can sign off a risk assessment.")
    assessment = selectors.assessment_for_client(client=client, code=assessment_code)
    form = SignOffForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_sign_off(
                assessment=assessment,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
            )
        except StaleEditError:
            messages.error(request, "The assessment changed after you opened it. Read it again, then sign it off.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Risk assessment signed off.")
    return _to_detail(assessment)


@require_GET
@login_required
def assessment_compare(request: HttpRequest, code) -> HttpResponse:
    """Two versions side by side, area by area; changed fields are marked."""
    client = open_client(request, code, detail="compare risk assessments")
    versions = selectors.assessment_versions(client=client)
    by_code = {str(version.code): version for version in versions}
    newer = by_code.get(request.GET.get("newer", "")) or (versions[0] if versions else None)
    older = by_code.get(request.GET.get("older", ""))
    if older is None and newer is not None:
        older = next((version for version in versions if version.number < newer.number), None)
    comparison = None
    if newer is not None and older is not None:
        if older.number > newer.number:
            older, newer = newer, older
        comparison = selectors.compare_versions(
            selectors.assessment_for_client(client=client, code=older.code),
            selectors.assessment_for_client(client=client, code=newer.code),
        )
    return client_page(
        request, client, "risk/compare.html", versions=versions, comparison=comparison, older=older, newer=newer
    )
