"""The Outcomes tab, recording and correcting readings, Recovery Star notes and the outcomes PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from clients.selectors import team_workers
from clients.views.common import client_pdf_response, open_client
from outcomes import services
from outcomes.forms import MarkErrorForm, StarReadingForm
from outcomes.selectors import client as selectors
from outcomes.views.common import CONFLICT, INVALID, client_page, copyright_line, offered_measure, reading_form
from recovery.core.concurrency import StaleEditError
from recovery.core.forms import apply_service_errors, keep_text_after_conflict


def risk_review_url(client) -> str:
    """The risk app's "ask for a risk review" page, if the risk app is installed."""
    try:
        return reverse("risk:review_request", args=[client.code])
    except NoReverseMatch:
        return ""


@require_GET
@login_required
def client_outcomes(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="outcomes")
    overview = selectors.client_outcomes(client=client)
    return client_page(
        request, client, "outcomes/client_outcomes.html", overview=overview, risk_review_url=risk_review_url(client)
    )


@require_GET
@login_required
def client_outcomes_pdf(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="outcomes PDF")
    overview = selectors.client_outcomes(client=client)
    return client_pdf_response(
        request,
        client,
        template="outcomes/pdf/client_outcomes.html",
        context={"overview": overview},
        filename=f"outcomes-{timezone.localdate():%Y-%m-%d}.pdf",
        detail="outcomes PDF",
    )


@require_http_methods(["GET", "POST"])
@login_required
def reading_new(request: HttpRequest, code, measure_key: str) -> HttpResponse:
    client = open_client(request, code, detail="record an outcome reading", for_change=True)
    settings = services.outcome_settings_for(service=client.team.service)
    measure = offered_measure(settings, measure_key)
    form = reading_form(request.POST or None, measure=measure, settings=settings)
    status = 200
    if request.method == "POST":
        status = INVALID
        if form.is_valid():
            try:
                reading, _ = services.reading_record(
                    client=client,
                    by=request.user,
                    measure_key=measure.key,
                    taken_on=form.cleaned_data["taken_on"],
                    answers=form.answers(),
                    labels=form.labels(),
                    occasion=form.cleaned_data["occasion"],
                    completed_by=form.cleaned_data["completed_by"],
                    note=form.cleaned_data["note"],
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                _saved_message(request, reading)
                return redirect("outcomes:reading_detail", code=client.code, reading_code=reading.code)
    return client_page(
        request,
        client,
        "outcomes/reading_form.html",
        status=status,
        form=form,
        measure=measure,
        copyright=copyright_line(settings, measure),
    )


def _saved_message(request: HttpRequest, reading) -> None:
    if reading.status == "complete":
        messages.success(request, f"{reading.measure.short_name} reading saved and scored.")
    else:
        messages.warning(
            request,
            f"{reading.measure.short_name} reading saved as incomplete: it is not scored until every question "
            "is answered. You can add the missing answers later.",
        )


@require_GET
@login_required
def reading_detail(request: HttpRequest, code, reading_code) -> HttpResponse:
    client = open_client(request, code, detail="outcome reading")
    reading = selectors.client_reading(client=client, code=reading_code)
    settings = services.outcome_settings_for(service=client.team.service)
    form = reading_form(
        None,
        measure=reading.measure,
        settings=settings,
        labels=reading.labels,
        initial={**reading.answers, **{f"{key}_text": value for key, value in reading.labels.items()}},
    )
    return client_page(
        request,
        client,
        "outcomes/reading_detail.html",
        reading=reading,
        row=selectors.reading_change(reading=reading),
        questions=form.questions,
        copyright=copyright_line(settings, reading.measure),
        risk_review_url=risk_review_url(client),
    )


@require_http_methods(["GET", "POST"])
@login_required
def reading_edit(request: HttpRequest, code, reading_code) -> HttpResponse:
    client = open_client(request, code, detail="correct an outcome reading", for_change=True)
    reading = selectors.client_reading(client=client, code=reading_code)
    settings = services.outcome_settings_for(service=client.team.service)
    initial = {
        "taken_on": reading.taken_on,
        "occasion": reading.occasion,
        "completed_by": reading.completed_by,
        "note": reading.note,
        "version": reading.version,
        **reading.answers,
        **{f"{key}_text": value for key, value in reading.labels.items() if isinstance(value, str)},
    }
    form = reading_form(
        request.POST or None, measure=reading.measure, settings=settings, labels=reading.labels, initial=initial
    )
    status = 200
    if reading.entered_in_error:
        messages.info(request, "This reading was marked as entered in error, so it can no longer be changed.")
        return redirect("outcomes:reading_detail", code=client.code, reading_code=reading.code)
    if request.method == "POST":
        status = INVALID
        if form.is_valid():
            try:
                reading = services.reading_update(
                    reading=reading,
                    by=request.user,
                    expected_version=form.cleaned_data["version"] or 0,
                    taken_on=form.cleaned_data["taken_on"],
                    answers=form.answers(),
                    labels=form.labels(),
                    occasion=form.cleaned_data["occasion"],
                    completed_by=form.cleaned_data["completed_by"],
                    note=form.cleaned_data["note"],
                )
            except StaleEditError as error:
                keep_text_after_conflict(form, error.current.version)
                status = CONFLICT
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                _saved_message(request, reading)
                return redirect("outcomes:reading_detail", code=client.code, reading_code=reading.code)
    return client_page(
        request,
        client,
        "outcomes/reading_form.html",
        status=status,
        form=form,
        measure=reading.measure,
        reading=reading,
        copyright=copyright_line(settings, reading.measure),
    )


@require_http_methods(["GET", "POST"])
@login_required
def reading_mark_error(request: HttpRequest, code, reading_code) -> HttpResponse:
    client = open_client(request, code, detail="mark an outcome reading as entered in error", for_change=True)
    reading = selectors.client_reading(client=client, code=reading_code)
    form = MarkErrorForm(request.POST or None, initial={"version": reading.version})
    status = 200
    if request.method == "POST":
        status = INVALID
        if form.is_valid():
            try:
                services.reading_mark_error(
                    reading=reading,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                )
            except StaleEditError as error:
                keep_text_after_conflict(form, error.current.version)
                status = CONFLICT
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "The reading is marked as entered in error and left out of charts.")
                return redirect("outcomes:client_outcomes", code=client.code)
    return client_page(request, client, "outcomes/reading_error.html", status=status, form=form, reading=reading)


@require_http_methods(["GET", "POST"])
@login_required
def star_new(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="note a Recovery Star reading", for_change=True)
    form = StarReadingForm(
        request.POST or None, workers=team_workers(team=client.team), initial={"worker": request.user.pk}
    )
    status = 200
    if request.method == "POST":
        status = INVALID
        if form.is_valid():
            try:
                services.star_reading_record(
                    client=client,
                    by=request.user,
                    taken_on=form.cleaned_data["taken_on"],
                    worker=form.cleaned_data["worker"],
                    where_held=form.cleaned_data["where_held"],
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Recovery Star reading noted.")
                return redirect("outcomes:client_outcomes", code=client.code)
    return client_page(request, client, "outcomes/star_form.html", status=status, form=form)
