"""Session feedback: the staff view of a session's feedback and the "you said, we did" log.

The tablet handed to clients is a real hand-over that signs the worker out: see
``activities.views.feedback_tablet``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from activities.access import can_run_programme
from activities.forms.feedback import YouSaidWeDidForm
from activities.selectors import feedback as selectors
from activities.selectors.programme_access import service_for_user, session_for_user
from activities.services import feedback as services
from activities.views.common import programme_context
from recovery.audit.services import record_access_log_many
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
    record_access_log_many(
        request=request, subject_codes=sorted(named), detail=f"session feedback: {session.activity.title}"
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
