"""The reports list, the data-quality checklist and build, a run's status (polled by htmx), its
preview, and the audited downloads."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from recovery.core.forms import apply_service_errors
from recovery.reports import selectors, services
from recovery.reports.access import require_manages_services, require_report_manager
from recovery.reports.forms import NewReportForm
from recovery.reports.models import DownloadKind, RunStatus
from recovery.reports.outputs import report_context
from recovery.reports.quality import run_checks
from recovery.reports.services.runs import run_is_stuck

POLL_SECONDS = 2


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each service the user manages, with its recent reports."""
    require_report_manager(request.user)
    rows = [
        {"service": service, "runs": selectors.recent_runs(service=service, limit=5)}
        for service in selectors.managed_services(request.user)
    ]
    return render(request, "reports/home.html", {"rows": rows})


def _new_form(request: HttpRequest, service, data=None) -> NewReportForm:
    managed = list(selectors.managed_services(request.user))
    form = NewReportForm(data, services=managed, page_service=service)
    if data is None:
        form.initial["services"] = [str(service.code)]
    return form


@require_http_methods(["GET", "POST"])
@login_required
def new_report(request: HttpRequest, code) -> HttpResponse:
    """Choose the period, see the data-quality checklist, build (or build anyway)."""
    service = selectors.service_for_manager(request.user, code)
    if request.method == "POST":
        form = _new_form(request, service, request.POST)
    elif "period" in request.GET:
        form = _new_form(request, service, request.GET)
    else:
        form = _new_form(request, service)
    checks = None
    if form.is_bound and form.is_valid():
        period = form.cleaned_data["the_period"]
        chosen = form.cleaned_data["chosen_services"]
        require_manages_services(request.user, [chosen_service.pk for chosen_service in chosen])
        checks = run_checks(start=period.start, end=period.end, service_ids=[item.pk for item in chosen])
        failing = [check for check in checks if not check.passed]
        if request.method == "POST":
            try:
                run = services.run_request(
                    definition=services.definition_for_service(service=service),
                    services=chosen,
                    period=period,
                    by=request.user,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    built_anyway=form.cleaned_data["build_anyway"],
                    incomplete=[check.as_incomplete() for check in failing],
                )
            except ValidationError as error:
                if failing and not form.cleaned_data["build_anyway"]:
                    form.add_error(
                        "build_anyway", "Fix the records listed, or tick this box to build the report anyway."
                    )
                else:
                    apply_service_errors(form, error)
            else:
                messages.success(request, "Report asked for: it is built in the background.")
                return redirect("reports:run_detail", code=run.code)
    status = 422 if request.method == "POST" else 200
    # One key per checklist shown, sent back with the build: a double click makes one run.
    key = form.cleaned_data.get("idempotency_key") if form.is_bound and form.is_valid() else None
    return render(
        request,
        "reports/new.html",
        {
            "service": service,
            "form": form,
            "checks": checks,
            "failing": [check for check in checks or [] if not check.passed],
            "idempotency_key": key or uuid.uuid4(),
        },
        status=status,
    )


def _run_context(run) -> dict:
    return {"run": run, "poll_seconds": POLL_SECONDS, "RunStatus": RunStatus, "stuck": run_is_stuck(run)}


@require_GET
@login_required
def run_detail(request: HttpRequest, code) -> HttpResponse:
    run = selectors.run_for_user(request.user, code)
    return render(request, "reports/run_detail.html", _run_context(run))


@require_GET
@login_required
def run_status(request: HttpRequest, code) -> HttpResponse:
    """The status panel alone, for htmx to poll until the run has finished."""
    run = selectors.run_for_user(request.user, code)
    return render(request, "reports/partials/run_status.html", _run_context(run))


@require_POST
@login_required
def run_retry(request: HttpRequest, code) -> HttpResponse:
    run = selectors.run_for_user(request.user, code)
    try:
        services.run_retry(run=run, by=request.user)
    except services.RunRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "The report is being built again.")
    return redirect("reports:run_detail", code=run.code)


def _done_run(request: HttpRequest, code, *, with_figures: bool = False):
    run = selectors.run_for_user(request.user, code, with_figures=with_figures)
    if run.status != RunStatus.DONE:
        raise Http404
    return run


@require_GET
@login_required
def run_preview(request: HttpRequest, code) -> HttpResponse:
    """The report on screen, from the figures stored with the run (the same as the PDF and CSV)."""
    run = _done_run(request, code, with_figures=True)
    services.run_download_record(run=run, user=request.user, kind=DownloadKind.PREVIEW, ip_address=_client_ip(request))
    return render(request, "reports/preview.html", {"run": run, **report_context(run.figures)})


def _file_response(request: HttpRequest, code, *, kind: str) -> FileResponse:
    run = _done_run(request, code)
    field = run.pdf_file if kind == DownloadKind.PDF else run.csv_file
    services.run_download_record(run=run, user=request.user, kind=kind, ip_address=_client_ip(request))
    stem = slugify(f"{run.definition.service.name} {run.period_label}")[:80]
    extension = "pdf" if kind == DownloadKind.PDF else "zip"
    response = FileResponse(
        default_storage.open(field.name, "rb"),
        as_attachment=True,
        filename=f"{stem}.{extension}",
        content_type="application/pdf" if kind == DownloadKind.PDF else "application/zip",
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def run_pdf(request: HttpRequest, code) -> FileResponse:
    return _file_response(request, code, kind=DownloadKind.PDF)


@require_GET
@login_required
def run_csv(request: HttpRequest, code) -> FileResponse:
    return _file_response(request, code, kind=DownloadKind.CSV)
