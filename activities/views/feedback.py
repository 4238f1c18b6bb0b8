"""Session feedback: the staff view of a session's feedback, the tablet pages handed to clients,
and the "you said, we did" log.

The tablet pages open in a new browser tab (so there is no history to go back through) and
show the session's name and date, and (when handed to one person) that person's first name:
nothing else from any record, no navigation or links out, and responses that are never
cached, so the next person cannot page back to what the last one wrote. They write no
record-access row: they show nothing of the record, and a log entry there would tie the
person to an anonymous comment by its time.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from activities.access import can_run_programme
from activities.forms.feedback import FeedbackForm, YouSaidWeDidForm
from activities.selectors import feedback as selectors
from activities.selectors.programme_access import service_for_user, session_for_user
from activities.services import feedback as services
from activities.services.access_log import register_access_log
from activities.views.common import programme_context
from recovery.core.forms import apply_service_errors


@require_GET
@login_required
def session_feedback(request: HttpRequest, code) -> HttpResponse:
    """What people said about a session, and who to hand the tablet to."""
    session = session_for_user(request.user, code)
    rows = selectors.session_feedback(session=session, user=request.user)
    people = selectors.tablet_people(session=session, user=request.user)
    # Everyone named on the page: people with named feedback the user can see, and the people
    # the tablet can be handed to (one insert). Anonymous answers name nobody, so log nobody.
    named = {row.client.code for row in rows if row.shown_visible} | {person.code for person in people}
    register_access_log(
        request=request, client_codes=sorted(named), detail=f"session feedback: {session.activity.title}"
    )
    return render(
        request,
        "activities/programme/session_feedback.html",
        {
            "session": session,
            "activity": session.activity,
            "rows": rows,
            "summary": selectors.summarise(rows),
            "people": people,
            "can_change": can_run_programme(request.user, session.activity.service_id),
            "is_open": not session.is_cancelled and session.starts_at <= timezone.now(),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def feedback_tablet(request: HttpRequest, code, client_code=None) -> HttpResponse:
    """The page a client fills in on the tablet: anonymous, or for the one person it was handed to."""
    session = session_for_user(request.user, code, for_change=True)
    person = None
    if client_code is not None:
        person = selectors.tablet_person(session=session, user=request.user, code=client_code)
        if person is None:
            raise Http404
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
                recorded_by=request.user if named else None,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("activities:feedback_thanks", code=session.code)
    return render(
        request,
        "activities/programme/tablet_form.html",
        {"session": session, "person": person, "form": form},
        status=422 if form.errors else 200,
    )


@never_cache
@require_GET
@login_required
def feedback_thanks(request: HttpRequest, code) -> HttpResponse:
    session = session_for_user(request.user, code, for_change=True)
    return render(request, "activities/programme/tablet_thanks.html", {"session": session})


@require_GET
@login_required
def you_said_we_did(request: HttpRequest, service_code) -> HttpResponse:
    service = service_for_user(request.user, service_code)
    return render(
        request,
        "activities/programme/you_said_we_did.html",
        programme_context(
            request,
            service,
            section="you_said",
            entries=selectors.you_said_we_did_log(service=service),
            can_change=can_run_programme(request.user, service.pk),
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def you_said_we_did_create(request: HttpRequest, service_code) -> HttpResponse:
    service = service_for_user(request.user, service_code, for_change=True)
    choices = selectors.feedback_to_answer(service=service)
    form = YouSaidWeDidForm(
        request.POST or None,
        service=service,
        feedback_choices=choices,
        initial={"changed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.you_said_we_did_record(
                service=service,
                by=request.user,
                activity=data["activity"],
                you_said=data["you_said"],
                we_did=data["we_did"],
                changed_on=data["changed_on"],
                idempotency_key=data["idempotency_key"],
                feedback=list(data["feedback"].select_related("session__activity")),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Added to “you said, we did”.")
            return redirect("activities:you_said_we_did", service_code=service.code)
    return render(
        request,
        "activities/programme/you_said_we_did_form.html",
        {"service": service, "form": form},
        status=422 if form.errors else 200,
    )
