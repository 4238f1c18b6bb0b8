""" "Hand the tablet to a client" for session feedback: a real hand-over, not a page in a new tab.

A feedback page opened in a new tab left the worker signed in, so the person holding the tablet
could browse to any record. Starting the hand-over now signs the worker out: while the tablet is
handed round, the browser holds no signed-in session, and every other page of the app asks for a
sign-in. What remains in the session is a short-lived signed flag naming the session, the worker
and (when handed to one person) that person, with a hash of a PIN the worker chose. The tablet
pages accept only that flag, carry no code in their addresses, and show the session's name and
date and the person's first name: nothing else from any record. Handing back, the worker types
the PIN (or signs in again as usual); after ``MAX_PIN_ATTEMPTS`` wrong PINs, or once the flag
expires, only a full sign-in will do. This follows the outcomes questionnaire's hand-over.

Anonymous feedback stays anonymous: the flag for "anyone, without names" names no one, the
answer is stored without client, member of staff or time, nothing about an answer is kept in
the flag, and the tablet pages write no record-access row (a log entry there would tie a person
to an anonymous comment by its time). Anonymous answers can be given one after another; a
named hand-over takes one answer, then asks for the tablet back.
"""

from __future__ import annotations

import time

from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from activities.forms.feedback import FeedbackForm, TabletReturnForm, TabletStartForm
from activities.models import Session
from activities.selectors import feedback as selectors
from activities.selectors.programme_access import session_for_user
from activities.services import feedback as services
from recovery.accounts.middleware import SESSION_STARTED_KEY
from recovery.accounts.models import User
from recovery.core.forms import apply_service_errors

SESSION_KEY = "activities_feedback_tablet"
ATTEMPTS_KEY = "activities_feedback_tablet_attempts"
SALT = "activities.feedback_tablet"
TABLET_MINUTES = 45
MAX_PIN_ATTEMPTS = 5
INVALID = 422


def _flag(request: HttpRequest) -> dict:
    """The signed hand-over flag, or 404 if there is none (or it is out of date or tampered with)."""
    token = request.session.get(SESSION_KEY)
    if not token:
        raise Http404
    try:
        return signing.loads(token, salt=SALT, max_age=TABLET_MINUTES * 60)
    except signing.BadSignature:
        request.session.pop(SESSION_KEY, None)
        raise Http404 from None


def _save_flag(request: HttpRequest, flag: dict) -> None:
    request.session[SESSION_KEY] = signing.dumps(flag, salt=SALT)


def _worker(flag: dict) -> User:
    worker = User.objects.filter(pk=flag["worker"], is_active=True).first()
    if worker is None:
        raise Http404
    return worker


def _session_and_person(flag: dict, worker: User):
    """The session and the person (or None) as the worker may still reach them, else 404."""
    try:
        session = session_for_user(worker, flag["session"], for_change=True)
    except PermissionDenied:
        raise Http404 from None
    person = None
    if flag["person"]:
        person = selectors.tablet_person(session=session, user=worker, code=flag["person"])
        if person is None:
            raise Http404
    return session, person


def _tablet_page(request: HttpRequest, template: str, *, status: int = 200, **context) -> HttpResponse:
    return render(request, template, context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def feedback_tablet_start(request: HttpRequest, code, client_code=None) -> HttpResponse:
    """The worker chooses a PIN, is signed out, and the tablet shows only the feedback form."""
    session: Session = session_for_user(request.user, code, for_change=True)
    person = None
    if client_code is not None:
        person = selectors.tablet_person(session=session, user=request.user, code=client_code)
        if person is None:
            raise Http404
    form = TabletStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        flag = {
            "session": str(session.code),
            "person": str(person.code) if person else "",
            "worker": request.user.pk,
            "pin": form.pin_hash(),
            "started": request.session.get(SESSION_STARTED_KEY, int(time.time())),
            "done": False,
        }
        logout(request)
        _save_flag(request, flag)
        request.session[ATTEMPTS_KEY] = 0
        return redirect("activities:feedback_tablet_form")
    return render(
        request,
        "activities/programme/tablet_start.html",
        {"session": session, "activity": session.activity, "person": person, "form": form},
        status=INVALID if form.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def feedback_tablet_form(request: HttpRequest) -> HttpResponse:
    """The feedback form only: no navigation, no record, the person's first name."""
    flag = _flag(request)
    if flag["done"]:
        return redirect("activities:feedback_tablet_return")
    worker = _worker(flag)
    session, person = _session_and_person(flag, worker)
    form = FeedbackForm(request.POST or None, named=person is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        named = person is not None and not data.get("anonymous")
        try:
            services.feedback_give(
                session=session,
                rating=data["rating"],
                comment=data["comment"],
                idempotency_key=data["idempotency_key"],
                client=person if named else None,
                recorded_by=worker if named else None,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if person is not None:
                # One answer per named hand-over. The flag says only that it is done, not
                # what was answered or whether the person chose to stay anonymous.
                flag["done"] = True
                _save_flag(request, flag)
            return redirect("activities:feedback_tablet_thanks")
    return _tablet_page(
        request,
        "activities/programme/tablet_form.html",
        status=INVALID if form.errors else 200,
        session=session,
        person=person,
        form=form,
    )


@never_cache
@require_GET
def feedback_tablet_thanks(request: HttpRequest) -> HttpResponse:
    flag = _flag(request)
    worker = _worker(flag)
    session, _ = _session_and_person(flag, worker)
    return _tablet_page(request, "activities/programme/tablet_thanks.html", session=session, another=not flag["person"])


@never_cache
@require_http_methods(["GET", "POST"])
def feedback_tablet_return(request: HttpRequest) -> HttpResponse:
    """ "Please hand the tablet back": the worker's PIN returns them to the session's feedback."""
    flag = _flag(request)
    back_to = reverse("activities:session_feedback", args=[flag["session"]])
    login_url = f"{reverse(django_settings.LOGIN_URL)}?next={back_to}"
    form = TabletReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.pin_matches(flag["pin"]):
            worker = _worker(flag)
            request.session.pop(SESSION_KEY, None)
            request.session.pop(ATTEMPTS_KEY, None)
            login(request, worker, backend=django_settings.AUTHENTICATION_BACKENDS[0])
            # Handing the tablet round does not restart the 12-hour limit of the original sign-in.
            request.session[SESSION_STARTED_KEY] = flag["started"]
            messages.success(request, "Welcome back. The feedback given is below.")
            return redirect(back_to)
        attempts = request.session.get(ATTEMPTS_KEY, 0) + 1
        request.session[ATTEMPTS_KEY] = attempts
        if attempts >= MAX_PIN_ATTEMPTS:
            request.session.pop(SESSION_KEY, None)
            messages.warning(request, "Too many wrong PINs. Sign in again to return to the session.")
            return redirect(login_url)
        form.add_error("pin", f"That PIN is not right. Try again ({MAX_PIN_ATTEMPTS - attempts} tries left).")
    return _tablet_page(
        request,
        "activities/programme/tablet_return.html",
        status=INVALID if form.errors else 200,
        form=form,
        login_url=login_url,
    )
