"""The programme: its home, activities, partner agencies and session plan templates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from activities.access import require_programme_change
from activities.forms.programme import (
    ActivityEditForm,
    ActivityForm,
    PartnerAgencyEditForm,
    PartnerAgencyForm,
    PlanTemplateEditForm,
    PlanTemplateForm,
    outline_text,
)
from activities.selectors import programme as selectors
from activities.services import plans as plan_services
from activities.services import programme as services
from activities.views.common import CONFLICT, programme_context, status_for
from recovery.audit.services import record_access_log_many
from recovery.core.concurrency import StaleEditError
from recovery.core.forms import apply_service_errors, keep_text_after_conflict


@require_GET
@login_required
def programme_home(request: HttpRequest) -> HttpResponse:
    """Straight to the timetable when the user sees one service's programme; a choice otherwise."""
    services_list = list(selectors.programme_services(user=request.user))
    if not services_list:
        raise Http404
    if len(services_list) == 1:
        return redirect("activities:timetable_week", service_code=services_list[0].code)
    return render(request, "activities/programme_home.html", {"services": services_list})


@require_GET
@login_required
def activity_list(request: HttpRequest, service_code) -> HttpResponse:
    service = selectors.service_for_user(user=request.user, code=service_code)
    activities = list(selectors.service_activities(service=service, include_inactive=True))
    return render(request, "activities/activity_list.html", programme_context(request, service, activities=activities))


def _activity_form(request: HttpRequest, service, form_class, **kwargs):
    return form_class(
        request.POST or None,
        teams=selectors.service_teams(service=service),
        staff=selectors.facilitator_choices(service=service),
        agencies=selectors.service_partner_agencies(service=service).filter(is_active=True),
        **kwargs,
    )


@require_http_methods(["GET", "POST"])
@login_required
def activity_create(request: HttpRequest, service_code) -> HttpResponse:
    service = selectors.service_for_user(user=request.user, code=service_code)
    require_programme_change(request.user, service.pk)
    form = _activity_form(request, service, ActivityForm)
    if request.method == "POST" and form.is_valid():
        values = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            activity = services.activity_create(service=service, by=request.user, **values)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"“{activity.title}” added. Now put its sessions on the timetable.")
            return redirect("activities:sessions_schedule", code=activity.code)
    context = programme_context(request, service, form=form, activity=None)
    return render(request, "activities/activity_form.html", context, status=status_for(request, form))


@require_http_methods(["GET", "POST"])
@login_required
def activity_edit(request: HttpRequest, code) -> HttpResponse:
    activity = selectors.activity_for_user(user=request.user, code=code)
    require_programme_change(request.user, activity.service_id)
    links = list(activity.facilitator_links.all())
    initial = {
        **{name: getattr(activity, name) for name in services.ACTIVITY_FIELDS},
        "facilitators": [link.user for link in links if not link.is_learning],
        "learning": [link.user for link in links if link.is_learning],
        "is_active": activity.is_active,
        "version": activity.version,
    }
    form = _activity_form(request, activity.service, ActivityEditForm, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        values = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            services.activity_update(
                activity=activity, by=request.user, expected_version=form.cleaned_data["version"] or 0, **values
            )
        except StaleEditError as error:
            stale = error.current
            keep_text_after_conflict(form, stale.version)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Activity saved.")
            return redirect("activities:activity_detail", code=activity.code)
    context = programme_context(request, activity.service, form=form, activity=activity, stale=stale)
    return render(
        request, "activities/activity_form.html", context, status=CONFLICT if stale else status_for(request, form)
    )


@require_GET
@login_required
def activity_detail(request: HttpRequest, code) -> HttpResponse:
    activity = selectors.activity_for_user(user=request.user, code=code)
    every_regular = selectors.activity_regular_rows(activity=activity, user=request.user)
    regulars = [row for row in every_regular if row.listed]
    record_access_log_many(
        request=request,
        subject_codes=[row.regular.client.code for row in regulars if row.visible],
        detail=f"activity regulars: {activity.title}",
    )
    context = programme_context(
        request,
        activity.service,
        activity=activity,
        upcoming=selectors.activity_sessions(activity=activity),
        past=selectors.activity_sessions(activity=activity, upcoming=False, limit=10),
        regulars=regulars,
        withheld_count=len(every_regular) - len(regulars),
    )
    return render(request, "activities/activity_detail.html", context)


# --- partner agencies --------------------------------------------------------------------------


@require_GET
@login_required
def partner_list(request: HttpRequest, service_code) -> HttpResponse:
    service = selectors.service_for_user(user=request.user, code=service_code)
    agencies = list(selectors.service_partner_agencies(service=service))
    return render(request, "activities/partner_list.html", programme_context(request, service, agencies=agencies))


@require_http_methods(["GET", "POST"])
@login_required
def partner_create(request: HttpRequest, service_code) -> HttpResponse:
    service = selectors.service_for_user(user=request.user, code=service_code)
    require_programme_change(request.user, service.pk)
    form = PartnerAgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            agency = services.partner_agency_create(service=service, by=request.user, **values)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{agency.name} added to the partner agencies.")
            return redirect("activities:partner_list", service_code=service.code)
    context = programme_context(request, service, form=form, agency=None)
    return render(request, "activities/partner_form.html", context, status=status_for(request, form))


@require_http_methods(["GET", "POST"])
@login_required
def partner_edit(request: HttpRequest, code) -> HttpResponse:
    agency = selectors.partner_agency_for_user(user=request.user, code=code)
    require_programme_change(request.user, agency.service_id)
    initial = {name: getattr(agency, name) for name in services.AGENCY_FIELDS}
    initial |= {"is_active": agency.is_active, "version": agency.version}
    form = PartnerAgencyEditForm(request.POST or None, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        values = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            services.partner_agency_update(
                agency=agency, by=request.user, expected_version=form.cleaned_data["version"] or 0, **values
            )
        except StaleEditError as error:
            stale = error.current
            keep_text_after_conflict(form, stale.version)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{agency.name} saved.")
            return redirect("activities:partner_list", service_code=agency.service.code)
    context = programme_context(request, agency.service, form=form, agency=agency, stale=stale)
    return render(
        request, "activities/partner_form.html", context, status=CONFLICT if stale else status_for(request, form)
    )


# --- session plan templates --------------------------------------------------------------------


@require_GET
@login_required
def template_list(request: HttpRequest, service_code) -> HttpResponse:
    service = selectors.service_for_user(user=request.user, code=service_code)
    templates = list(selectors.service_plan_templates(service=service))
    return render(request, "activities/template_list.html", programme_context(request, service, templates=templates))


@require_http_methods(["GET", "POST"])
@login_required
def template_create(request: HttpRequest, service_code) -> HttpResponse:
    service = selectors.service_for_user(user=request.user, code=service_code)
    require_programme_change(request.user, service.pk)
    form = PlanTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            template = plan_services.plan_template_create(service=service, by=request.user, **values)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Template “{template.title}” saved. Use it from any session's plan.")
            return redirect("activities:template_list", service_code=service.code)
    context = programme_context(request, service, form=form, template=None)
    return render(request, "activities/template_form.html", context, status=status_for(request, form))


@require_http_methods(["GET", "POST"])
@login_required
def template_edit(request: HttpRequest, code) -> HttpResponse:
    template = selectors.plan_template_for_user(user=request.user, code=code)
    require_programme_change(request.user, template.service_id)
    initial = {name: getattr(template, name) for name in (*plan_services.TEXT_FIELDS, "title", "category")}
    initial |= {"outline": outline_text(template.outline), "is_active": template.is_active, "version": template.version}
    form = PlanTemplateEditForm(request.POST or None, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        values = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            plan_services.plan_template_update(
                template=template, by=request.user, expected_version=form.cleaned_data["version"] or 0, **values
            )
        except StaleEditError as error:
            stale = error.current
            keep_text_after_conflict(form, stale.version)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Template saved. Plans already written from it keep their own words.")
            return redirect("activities:template_list", service_code=template.service.code)
    context = programme_context(request, template.service, form=form, template=template, stale=stale)
    return render(
        request, "activities/template_form.html", context, status=CONFLICT if stale else status_for(request, form)
    )
