""" "Hand the tablet to the client": the person answers a questionnaire on the worker's device.

Starting it signs the worker out, so the browser holds no signed-in session while the person
has the tablet: every other page of the app asks for a sign-in. What remains in the session is a
short-lived signed flag naming the client, the measure and the worker, with a hash of a PIN the
worker chose. The questionnaire pages accept only that flag and show nothing of the record but the
person's first name. Handing back, the worker types the PIN (or signs in again as usual); after
``MAX_PIN_ATTEMPTS`` wrong PINs, or once the flag expires, only a full sign-in will do.
"""

from __future__ import annotations

import time
import uuid

from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import check_password, make_password
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from clients.access import client_for_user
from clients.views.common import open_client
from outcomes import services
from outcomes.forms import TabletReturnForm, TabletStartForm
from outcomes.models import CompletedBy, Occasion
from outcomes.views.common import INVALID, client_page, copyright_line, offered_measure, reading_form
from recovery.accounts.middleware import SESSION_STARTED_KEY
from recovery.accounts.models import User
from recovery.core.forms import apply_service_errors

SESSION_KEY = "outcomes_tablet"
ATTEMPTS_KEY = "outcomes_tablet_attempts"
SALT = "outcomes.tablet"
TABLET_MINUTES = 45
MAX_PIN_ATTEMPTS = 5


def _flag(request: HttpRequest) -> dict:
    """The signed tablet flag, or 404 if there is none (or it is out of date or tampered with)."""
    token = request.session.get(SESSION_KEY)
    if not token:
        raise Http404
    try:
        return signing.loads(token, salt=SALT, max_age=TABLET_MINUTES * 60)
    except signing.BadSignature:
        request.session.pop(SESSION_KEY, None)
        raise Http404 from None


def _worker(flag: dict) -> User:
    worker = User.objects.filter(pk=flag["worker"], is_active=True).first()
    if worker is None:
        raise Http404
    return worker


@require_http_methods(["GET", "POST"])
@login_required
def tablet_start(request: HttpRequest, code, measure_key: str) -> HttpResponse:
    client = open_client(request, code, detail="hand the tablet to the client", for_change=True)
    settings = services.outcome_settings_for(service=client.team.service)
    measure = offered_measure(settings, measure_key)
    form = TabletStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        worker = request.user
        flag = {
            "client": str(client.code),
            "measure": measure.key,
            "worker": worker.pk,
            "pin": make_password(form.cleaned_data["pin"]),
            "key": str(uuid.uuid4()),
            "started": request.session.get(SESSION_STARTED_KEY, int(time.time())),
            "reading": "",
        }
        logout(request)
        request.session[SESSION_KEY] = signing.dumps(flag, salt=SALT)
        request.session[ATTEMPTS_KEY] = 0
        return redirect("outcomes:tablet_form")
    return client_page(
        request,
        client,
        "outcomes/tablet_start.html",
        status=INVALID if request.method == "POST" else 200,
        form=form,
        measure=measure,
    )


def _tablet_page(request: HttpRequest, template: str, *, status: int = 200, **context) -> HttpResponse:
    return render(request, template, {"tablet_mode": True, **context}, status=status)


@require_http_methods(["GET", "POST"])
def tablet_form(request: HttpRequest) -> HttpResponse:
    """The questionnaire only: no navigation, no record, the person's first name."""
    flag = _flag(request)
    if flag.get("reading"):
        return redirect("outcomes:tablet_return")
    worker = _worker(flag)
    try:
        client = client_for_user(worker, flag["client"], for_change=True)
    except PermissionDenied:
        raise Http404 from None
    settings = services.outcome_settings_for(service=client.team.service)
    measure = offered_measure(settings, flag["measure"])
    form = reading_form(request.POST or None, measure=measure, settings=settings, tablet=True)
    status = 200
    if request.method == "POST":
        status = INVALID
        if form.is_valid():
            try:
                reading, _ = services.reading_record(
                    client=client,
                    by=worker,
                    measure_key=measure.key,
                    taken_on=timezone.localdate(),
                    answers=form.answers(),
                    labels=form.labels(),
                    occasion=Occasion.OTHER if client.is_open else Occasion.EXIT,
                    completed_by=CompletedBy.CLIENT,
                    idempotency_key=uuid.UUID(flag["key"]),
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                flag["reading"] = str(reading.code)
                request.session[SESSION_KEY] = signing.dumps(flag, salt=SALT)
                return redirect("outcomes:tablet_return")
    return _tablet_page(
        request,
        "outcomes/tablet_form.html",
        status=status,
        form=form,
        measure=measure,
        first_name=client.preferred_name or client.first_name,
        copyright=copyright_line(settings, measure),
    )


@require_http_methods(["GET", "POST"])
def tablet_return(request: HttpRequest) -> HttpResponse:
    """ "Thank you, please hand the tablet back": the worker's PIN returns them to the record."""
    flag = _flag(request)
    form = TabletReturnForm(request.POST or None)
    status = 200
    login_url = (
        f"{reverse(django_settings.LOGIN_URL)}?next={reverse('outcomes:client_outcomes', args=[flag['client']])}"
    )
    if request.method == "POST":
        status = INVALID
        if form.is_valid():
            if check_password(form.cleaned_data["pin"], flag["pin"]):
                worker = _worker(flag)
                request.session.pop(SESSION_KEY, None)
                request.session.pop(ATTEMPTS_KEY, None)
                login(request, worker, backend=django_settings.AUTHENTICATION_BACKENDS[0])
                # Handing the tablet over does not restart the 12-hour limit of the original sign-in.
                request.session[SESSION_STARTED_KEY] = flag["started"]
                if flag.get("reading"):
                    messages.success(request, "Welcome back. Here is the reading the person completed.")
                    return redirect("outcomes:reading_detail", code=flag["client"], reading_code=flag["reading"])
                return redirect("outcomes:client_outcomes", code=flag["client"])
            attempts = request.session.get(ATTEMPTS_KEY, 0) + 1
            request.session[ATTEMPTS_KEY] = attempts
            if attempts >= MAX_PIN_ATTEMPTS:
                request.session.pop(SESSION_KEY, None)
                messages.warning(request, "Too many wrong PINs. Sign in again to return to the record.")
                return redirect(login_url)
            form.add_error("pin", f"That PIN is not right. Try again ({MAX_PIN_ATTEMPTS - attempts} tries left).")
    return _tablet_page(
        request,
        "outcomes/tablet_return.html",
        status=status,
        form=form,
        done=bool(flag.get("reading")),
        login_url=login_url,
    )
