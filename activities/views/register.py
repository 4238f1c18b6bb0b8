"""The register (a one-tap list with htmx), walk-ins, bookings and regular attendees.

Rows are addressed by the booking's code, never the client's, so the page carries no link to
a record the facilitator cannot open. Every page also works without JavaScript: a plain POST
redirects back to the register.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from activities import choices
from activities.access import require_programme_change
from activities.forms.sessions import ClientPickForm, MarkForm
from activities.selectors import programme as programme_selectors
from activities.selectors.register import (
    booking_for_session,
    listed_rows,
    register_counts,
    register_rows,
    register_summary,
    session_for_user,
    walk_in_candidates,
)
from activities.services import attendance as services
from activities.views.common import INVALID, programme_context
from clients.access import client_for_user
from recovery.audit.services import record_access_log_many

ACTION_LABELS = {"walk_in": "Add as attended", "book": "Book a place", "regular": "Make a regular"}


def _error_text(error: ValidationError) -> str:
    return " ".join(message for messages_ in error.message_dict.values() for message in messages_)


@require_GET
@login_required
def register(request: HttpRequest, code) -> HttpResponse:
    """The register with the session plan beside it, and the alerts of the people the
    facilitator can see (see ``activities.selectors.register`` for who is shown how)."""
    session = session_for_user(user=request.user, code=code)
    every_row = register_rows(session=session, user=request.user)
    rows, withheld_count = listed_rows(every_row)
    record_access_log_many(
        request=request,
        subject_codes=[row.client.code for row in rows if row.visible],
        detail=f"activity register: {session.activity.title}",
    )
    context = programme_context(
        request,
        session.activity.service,
        session=session,
        activity=session.activity,
        plan=getattr(session, "plan", None),
        rows=rows,
        summary=register_summary(every_row),
        marks=choices.Mark.choices,
        hidden_count=sum(1 for row in rows if not row.visible),
        withheld_count=withheld_count,
        register_open=timezone.localtime(session.starts_at).date() <= timezone.localdate(),
        query=request.GET.get("q", ""),
    )
    return render(request, "activities/register.html", context)


@require_POST
@login_required
def register_mark(request: HttpRequest, code, booking_code) -> HttpResponse:
    """One tap: set one person's mark. The same tap twice changes nothing."""
    session = session_for_user(user=request.user, code=code)
    require_programme_change(request.user, session.activity.service_id)
    booking = booking_for_session(session=session, code=booking_code, user=request.user)
    form = MarkForm(request.POST)
    error = ""
    if not form.is_valid():
        error = "Choose attended, late, left early or absent."
    else:
        try:
            services.attendance_mark(
                session=session, client=booking.client, mark=form.cleaned_data["mark"], by=request.user
            )
        except ValidationError as failure:
            error = _error_text(failure)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("activities:register", code=session.code)
    rows = register_rows(session=session, user=request.user, booking_code=booking.code)
    if not rows:
        raise Http404
    context = {
        "session": session,
        "activity": session.activity,
        "row": rows[0],
        "marks": choices.Mark.choices,
        "can_run": True,
        "register_open": True,
        "error": error,
        "oob_summary": register_counts(session=session),
    }
    return render(request, "activities/partials/register_row.html", context, status=INVALID if error else 200)


@require_GET
@login_required
def client_search(request: HttpRequest, code) -> HttpResponse:
    """Search for someone to book or add as a walk-in: only people the user can see."""
    session = session_for_user(user=request.user, code=code)
    require_programme_change(request.user, session.activity.service_id)
    query = request.GET.get("q", "").strip()
    results = walk_in_candidates(session=session, user=request.user, query=query) if query else []
    purpose = "walk_in" if request.GET.get("purpose") == "walk_in" else "book"
    context = programme_context(
        request,
        session.activity.service,
        session=session,
        activity=session.activity,
        query=query,
        results=results,
        purpose=purpose,
        action_label=ACTION_LABELS[purpose],
    )
    template = "activities/partials/client_results.html" if request.htmx else "activities/client_search.html"
    return render(request, template, context)


def _picked_client(request: HttpRequest):
    """The person picked for a booking, walk-in or regular place. Every caller writes, so this
    asks for change access: a read-only member or a break-glass reader gets a 403, not a booking."""
    form = ClientPickForm(request.POST)
    if not form.is_valid():
        raise Http404
    return client_for_user(request.user, form.cleaned_data["client"], for_change=True)


@require_POST
@login_required
def walk_in_add(request: HttpRequest, code) -> HttpResponse:
    session = session_for_user(user=request.user, code=code)
    require_programme_change(request.user, session.activity.service_id)
    client = _picked_client(request)
    try:
        services.walk_in_add(session=session, client=client, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"{client.display_name} added and marked as attended.")
    return redirect("activities:register", code=session.code)


@require_POST
@login_required
def booking_add(request: HttpRequest, code) -> HttpResponse:
    session = session_for_user(user=request.user, code=code)
    require_programme_change(request.user, session.activity.service_id)
    client = _picked_client(request)
    try:
        _, changed = services.booking_create(session=session, client=client, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, f"{client.display_name} booked." if changed else f"{client.display_name} was already booked."
        )
    return redirect("activities:session_detail", code=session.code)


@require_POST
@login_required
def booking_cancel(request: HttpRequest, code, booking_code) -> HttpResponse:
    session = session_for_user(user=request.user, code=code)
    require_programme_change(request.user, session.activity.service_id)
    booking = booking_for_session(session=session, code=booking_code, user=request.user)
    try:
        services.booking_cancel(booking=booking, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, "Booking cancelled: the place is free again.")
    return redirect("activities:session_detail", code=session.code)


@require_GET
@login_required
def regular_search(request: HttpRequest, code) -> HttpResponse:
    activity = programme_selectors.activity_for_user(user=request.user, code=code)
    require_programme_change(request.user, activity.service_id)
    query = request.GET.get("q", "").strip()
    results = programme_selectors.regular_candidates(activity=activity, user=request.user, query=query) if query else []
    context = programme_context(
        request,
        activity.service,
        activity=activity,
        query=query,
        results=results,
        purpose="regular",
        action_label=ACTION_LABELS["regular"],
    )
    template = "activities/partials/client_results.html" if request.htmx else "activities/client_search.html"
    return render(request, template, context)


@require_POST
@login_required
def regular_add(request: HttpRequest, code) -> HttpResponse:
    activity = programme_selectors.activity_for_user(user=request.user, code=code)
    require_programme_change(request.user, activity.service_id)
    client = _picked_client(request)
    try:
        services.regular_attendee_add(activity=activity, client=client, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"{client.display_name} is now a regular and is booked on the coming sessions.")
    return redirect("activities:activity_detail", code=activity.code)


@require_POST
@login_required
def regular_end(request: HttpRequest, code, regular_code) -> HttpResponse:
    activity = programme_selectors.activity_for_user(user=request.user, code=code)
    require_programme_change(request.user, activity.service_id)
    regular = programme_selectors.regular_for_activity(activity=activity, code=regular_code, user=request.user)
    services.regular_attendee_end(regular=regular, by=request.user)
    messages.success(request, "Regular place ended; their bookings on coming sessions are cancelled.")
    return redirect("activities:activity_detail", code=activity.code)
