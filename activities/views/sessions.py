"""Sessions: scheduling a term, the session page, cancelling, moving, and the session plan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from activities.access import require_programme_change
from activities.forms.programme import PlanContentForm, outline_text
from activities.forms.sessions import CancelForm, MoveForm, ScheduleForm
from activities.selectors import programme as programme_selectors
from activities.selectors.register import listed_rows, register_rows, register_summary, session_for_user
from activities.services import plans as plan_services
from activities.services import sessions as services
from activities.views.common import CONFLICT, programme_context, status_for
from recovery.audit.services import record_access_log_many
from recovery.core.concurrency import StaleEditError
from recovery.core.forms import apply_service_errors, keep_text_after_conflict


@require_http_methods(["GET", "POST"])
@login_required
def sessions_schedule(request: HttpRequest, code) -> HttpResponse:
    activity = programme_selectors.activity_for_user(user=request.user, code=code)
    require_programme_change(request.user, activity.service_id)
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            series = services.sessions_schedule(activity=activity, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            count = series.sessions.count()
            messages.success(request, f"{count} session{'s' if count != 1 else ''} added to the timetable.")
            return redirect("activities:activity_detail", code=activity.code)
    context = programme_context(request, activity.service, activity=activity, form=form)
    return render(request, "activities/schedule_form.html", context, status=status_for(request, form))


@require_GET
@login_required
def session_detail(request: HttpRequest, code) -> HttpResponse:
    session = session_for_user(user=request.user, code=code)
    every_row = register_rows(session=session, user=request.user)
    rows, withheld_count = listed_rows(every_row)
    record_access_log_many(
        request=request,
        subject_codes=[row.client.code for row in rows if row.visible],
        detail=f"activity session: {session.activity.title}",
    )
    context = programme_context(
        request,
        session.activity.service,
        session=session,
        activity=session.activity,
        plan=getattr(session, "plan", None),
        rows=rows,
        summary=register_summary(every_row),
        withheld_count=withheld_count,
        register_open=timezone.localtime(session.starts_at).date() <= timezone.localdate(),
    )
    return render(request, "activities/session_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def session_cancel(request: HttpRequest, code) -> HttpResponse:
    session = session_for_user(user=request.user, code=code)
    require_programme_change(request.user, session.activity.service_id)
    if session.is_cancelled:
        messages.info(request, "This session is already cancelled.")
        return redirect("activities:session_detail", code=session.code)
    form = CancelForm(request.POST or None, initial={"version": session.version})
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(
                session=session,
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                reason=form.cleaned_data["reason"],
            )
        except StaleEditError as error:
            stale = error.current
            keep_text_after_conflict(form, stale.version, message=_CHANGED)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Session cancelled. The workers of the people booked have been told why.")
            return redirect("activities:session_detail", code=session.code)
    context = programme_context(
        request, session.activity.service, session=session, activity=session.activity, form=form
    )
    return render(
        request, "activities/session_cancel.html", context, status=CONFLICT if stale else status_for(request, form)
    )


_CHANGED = "Someone changed this session after you opened the page. Check the time and place above, then save again."


@require_http_methods(["GET", "POST"])
@login_required
def session_move(request: HttpRequest, code) -> HttpResponse:
    session = session_for_user(user=request.user, code=code)
    require_programme_change(request.user, session.activity.service_id)
    if session.is_cancelled:
        messages.info(request, "This session is cancelled: schedule a new one instead.")
        return redirect("activities:session_detail", code=session.code)
    local_start, local_end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    initial = {
        "day": local_start.date(),
        "start_time": local_start.time(),
        "end_time": local_end.time(),
        "location": session.location,
        "version": session.version,
    }
    form = MoveForm(request.POST or None, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        values = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            services.session_move(
                session=session, by=request.user, expected_version=form.cleaned_data["version"] or 0, **values
            )
        except StaleEditError as error:
            stale = error.current
            keep_text_after_conflict(form, stale.version, message=_CHANGED)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Session moved. The workers of the people booked have been told.")
            return redirect("activities:session_detail", code=session.code)
    context = programme_context(
        request, session.activity.service, session=session, activity=session.activity, form=form
    )
    return render(
        request, "activities/session_move.html", context, status=CONFLICT if stale else status_for(request, form)
    )


@require_http_methods(["GET", "POST"])
@login_required
def session_plan(request: HttpRequest, code) -> HttpResponse:
    """Write or change the session's plan, optionally starting from a template (``?template=``)."""
    session = session_for_user(user=request.user, code=code)
    service = session.activity.service
    require_programme_change(request.user, service.pk)
    plan = getattr(session, "plan", None)
    templates = list(programme_selectors.service_plan_templates(service=service, active_only=True))
    template = None
    if template_code := request.GET.get("template") or request.POST.get("template"):
        template = next((entry for entry in templates if str(entry.code) == template_code), None)
    source = template or plan
    initial = {"version": plan.version if plan else ""}
    if source is not None:
        initial |= {name: getattr(source, name) for name in plan_services.TEXT_FIELDS}
        initial["outline"] = outline_text(source.outline)
    form = PlanContentForm(request.POST or None, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        values = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            plan_services.session_plan_save(
                session=session,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                template=template,
                **values,
            )
        except StaleEditError as error:
            stale = error.current
            keep_text_after_conflict(form, stale.version)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Session plan saved. It shows with the register.")
            return redirect("activities:session_detail", code=session.code)
    context = programme_context(
        request,
        service,
        session=session,
        activity=session.activity,
        plan=plan,
        form=form,
        templates=templates,
        template=template,
        stale=stale,
    )
    return render(
        request, "activities/session_plan.html", context, status=CONFLICT if stale else status_for(request, form)
    )
