"""Service-level outcomes for team leaders and managers, its CSV export, and the outcome settings."""

from __future__ import annotations

import csv
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from outcomes import charts, measures, services
from outcomes.forms import OutcomeSettingsForm, ScheduleForm, ServiceFilterForm, schedule_initial
from outcomes.selectors import service as service_selectors
from outcomes.views.common import CONFLICT, INVALID
from recovery.accounts.access import scope_for
from recovery.accounts.models import Service, Team
from recovery.core.concurrency import StaleEditError
from recovery.core.forms import apply_service_errors, keep_text_after_conflict
from recovery.reports.outputs import csv_cell

LEADERS_ONLY = "Only team leaders and service managers can see service-level outcomes."


def _filtered(request: HttpRequest) -> tuple[ServiceFilterForm, dict | None, dict]:
    """The filter form and, when it is valid, the analysis for the teams the user leads."""
    scope = scope_for(request.user)
    if not (scope.is_team_leader or scope.is_service_manager):
        raise PermissionDenied(LEADERS_ONLY)
    teams = list(Team.objects.filter(id__in=scope.led_team_ids).select_related("service").order_by("name"))
    service_list = sorted({team.service for team in teams}, key=lambda service: service.name)
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("start", (today - timedelta(days=364)).isoformat())
    data.setdefault("end", today.isoformat())
    form = ServiceFilterForm(
        data, services=service_list, teams=teams, measure_choices=[(m.key, m.short_name) for m in measures.ALL]
    )
    if not form.is_valid():
        return form, None, {}
    chosen_service = next((s for s in service_list if str(s.code) == form.cleaned_data["service"]), None)
    chosen_team = next((t for t in teams if str(t.code) == form.cleaned_data["team"]), None)
    team_ids = [
        team.pk
        for team in teams
        if (chosen_team is None or team == chosen_team) and (chosen_service is None or team.service == chosen_service)
    ]
    if not team_ids:
        return form, None, {}
    analysis = service_selectors.paired_change(
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        service_ids=sorted({team.service_id for team in teams if team.pk in team_ids}),
        measure=form.cleaned_data["measure"] or None,
        team_ids=team_ids,
    )
    return form, analysis, {"service": chosen_service, "team": chosen_team}


@require_GET
@login_required
def service_outcomes(request: HttpRequest) -> HttpResponse:
    form, analysis, chosen = _filtered(request)
    chart = None
    # A measure with a percentage suppressed stays off the chart: its bar's gap would give it away.
    charted = [
        entry
        for entry in (analysis or {}).get("measures", [])
        if entry["reliable_change"] is not None
        and not any(isinstance(entry[f"pct_{field}"], str) for field in ("improved", "no_change", "deteriorated"))
    ]
    if charted:
        chart = charts.service_summary_chart(rows=charted)
    return render(
        request,
        "outcomes/service_outcomes.html",
        {
            "form": form,
            "analysis": analysis,
            "chart": chart,
            "export_query": request.GET.urlencode(),
            **chosen,
        },
        status=200 if form.is_valid() else INVALID,
    )


@require_GET
@login_required
def service_outcomes_csv(request: HttpRequest) -> HttpResponse:
    """The same figures as a CSV: breakdown counts from 1 to 4 shown as "<5", totals exact, and every
    cell escaped so that a team name starting with "=" is not run as a formula."""
    _form, analysis, _chosen = _filtered(request)
    if analysis is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="outcomes-{analysis["start"]}-to-{analysis["end"]}.csv"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow(["Figure", "Breakdown", "Value"])
    for figure, breakdown, value in service_selectors.csv_rows(analysis):
        shown = service_selectors.suppressed(value, breakdown, threshold=analysis["threshold"])
        writer.writerow([csv_cell(figure), csv_cell(breakdown), csv_cell(shown)])
    writer.writerow([])
    writer.writerow(["Definition", "", csv_cell(analysis["definition"])])
    return response


# --- settings ---------------------------------------------------------------------------------------


def _managed(request: HttpRequest) -> list[Service]:
    scope = scope_for(request.user)
    if not scope.is_service_manager:
        raise PermissionDenied("Only service managers can change a service's outcome settings.")
    return list(Service.objects.filter(id__in=scope.managed_service_ids).order_by("name"))


@require_GET
@login_required
def settings_list(request: HttpRequest) -> HttpResponse:
    service_list = _managed(request)
    if len(service_list) == 1:
        return redirect("outcomes:settings_edit", service_code=service_list[0].code)
    return render(request, "outcomes/settings_list.html", {"services": service_list})


@require_http_methods(["GET", "POST"])
@login_required
def settings_edit(request: HttpRequest, service_code) -> HttpResponse:
    scope = scope_for(request.user)
    try:
        service = Service.objects.get(code=service_code, id__in=scope.visible_service_ids | scope.managed_service_ids)
    except (Service.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    if service.pk not in scope.managed_service_ids:
        raise PermissionDenied("Only the service manager can change this service's outcome settings.")
    settings = services.outcome_settings_for(service=service)
    measure_list = list(measures.CURRENT.values())
    initial = {
        "offered": [m.key for m in measure_list if m.key not in settings.disabled_measures],
        "reqol_cutoff": settings.reqol_cutoff,
        "reqol_items": "\n".join(settings.reqol_items),
        "reqol_negative_items": [
            str(number) for number in (settings.reqol_negative_items or measures.REQOL_DEFAULT_NEGATIVE_ITEMS)
        ],
        "reqol_copyright": settings.reqol_copyright,
        "areas": "\n".join(area["label"] for area in settings.areas),
        "area_scale_max": settings.area_scale_max,
        "stages": "\n".join(f"{stage['from']}: {stage['label']}" for stage in settings.stages),
        "version": settings.version,
    }
    schedule_data = {}
    for measure in measure_list:
        schedule_data.update(schedule_initial(settings, measure.key))
    form = OutcomeSettingsForm(
        request.POST or None, initial=initial, measure_choices=[(m.key, m.short_name) for m in measure_list]
    )
    schedule_form = ScheduleForm(request.POST or None, initial=schedule_data, measure_list=measure_list)
    status = 200
    if request.method == "POST":
        status = INVALID
        if form.is_valid() and schedule_form.is_valid():
            try:
                services.outcome_settings_update(
                    settings=settings,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    offered=form.cleaned_data["offered"],
                    schedules=schedule_form.schedules(),
                    reqol_cutoff=form.cleaned_data["reqol_cutoff"],
                    reqol_items=form.cleaned_data["reqol_items"].splitlines(),
                    reqol_negative_items=[int(number) for number in form.cleaned_data["reqol_negative_items"]],
                    reqol_copyright=form.cleaned_data["reqol_copyright"],
                    area_labels=form.cleaned_data["areas"].splitlines(),
                    area_scale_max=form.cleaned_data["area_scale_max"],
                    stages=form.cleaned_data["stages"],
                )
            except StaleEditError as error:
                keep_text_after_conflict(form, error.current.version)
                status = CONFLICT
            except ValidationError as error:
                for field, errors in apply_service_errors(form, error, elsewhere=True).items():
                    if field in schedule_form.fields:
                        schedule_form.add_error(field, errors)
                    else:
                        form.add_error(None, errors)
            else:
                messages.success(request, f"Outcome settings for {service} saved.")
                return redirect("outcomes:settings_edit", service_code=service.code)
    return render(
        request,
        "outcomes/settings_form.html",
        {"service": service, "form": form, "schedule_form": schedule_form},
        status=status,
    )
