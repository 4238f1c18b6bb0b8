"""Pages: my reminders, the team's overdue items, the sweep status page (with "Run now" and the
service's settings) and a person's digest preference. Thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from recovery.accounts.access import scope_for
from recovery.accounts.models import Service
from recovery.core.forms import apply_service_errors, keep_text_after_conflict
from recovery.reminders import selectors, services, tasks
from recovery.reminders.filters import ReminderFilter
from recovery.reminders.forms import PreferenceForm, ReminderSettingsForm

PAGE_SIZE = 50
INVALID = 422
CONFLICT = 409


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _decorate(reminders) -> None:
    for reminder in reminders:
        reminder.source_label = selectors.source_label(reminder.source)


@require_GET
@login_required
def my_reminders(request: HttpRequest) -> HttpResponse:
    user = request.user
    reminders = selectors.without_hidden_clients(selectors.reminders_for(user=user), user=user)
    filterset = ReminderFilter(
        request.GET, queryset=reminders, client_choices=selectors.reminder_client_choices(reminders)
    )
    page = _page(request, filterset.qs)
    _decorate(page.object_list)
    template = "reminders/partials/reminder_list.html" if request.htmx else "reminders/mine.html"
    return render(
        request,
        template,
        {
            "filter": filterset,
            "page": page,
            "reminders": page.object_list,
            "today": timezone.localdate(),
            "scope": scope_for(user),
        },
    )


def _require_team_leader(user) -> None:
    if not scope_for(user).is_team_leader:
        raise PermissionDenied("Only team leaders and service managers can see the team's overdue items.")


@require_GET
@login_required
def team_overdue(request: HttpRequest) -> HttpResponse:
    _require_team_leader(request.user)
    teams = list(selectors.led_teams(user=request.user))
    team = next((team for team in teams if str(team.code) == request.GET.get("team")), None)
    page = _page(request, selectors.team_late_reminders(user=request.user, team=team))
    _decorate(page.object_list)
    return render(
        request,
        "reminders/team.html",
        {
            "teams": teams,
            "team": team,
            "page": page,
            "reminders": page.object_list,
            "today": timezone.localdate(),
        },
    )


def _require_manager(user) -> None:
    if not scope_for(user).is_service_manager:
        raise PermissionDenied("Only service managers can see and run the reminder sweep.")


def _managed_service(user, service_code) -> Service:
    """A service the user belongs to (else 404) that they manage (else 403)."""
    scope = scope_for(user)
    try:
        service = Service.objects.get(code=service_code, id__in=scope.visible_service_ids | scope.managed_service_ids)
    except Service.DoesNotExist:
        raise Http404 from None
    if service.pk not in scope.managed_service_ids:
        raise PermissionDenied("Only the service manager can run this service's reminders.")
    return service


@require_GET
@login_required
def sweep_status(request: HttpRequest) -> HttpResponse:
    _require_manager(request.user)
    today = timezone.localdate()
    counts = selectors.digest_counts(user=request.user, digest_on=today)
    service_list = list(selectors.managed_services(user=request.user))
    for service in service_list:
        service.digests = counts.get(service.pk, {})
    return render(
        request,
        "reminders/status.html",
        {"services": service_list, "runs": selectors.recent_runs(user=request.user), "today": today},
    )


@require_POST
@login_required
def run_now(request: HttpRequest, service_code) -> HttpResponse:
    service = _managed_service(request.user, service_code)
    tasks.sweep_service.delay_on_commit(service_id=service.pk, requested_by_id=request.user.pk)
    messages.success(
        request, f"The reminder sweep for {service.name} has started. Refresh this page in a minute to see it."
    )
    return redirect("reminders:status")


@require_http_methods(["GET", "POST"])
@login_required
def settings_edit(request: HttpRequest, service_code) -> HttpResponse:
    service = _managed_service(request.user, service_code)
    current = services.reminder_settings_for(service=service)
    initial = {
        "sweep_time": current.sweep_time,
        "look_ahead_days": current.look_ahead_days,
        "escalate_after_days": current.escalate_after_days,
        "version": current.version,
    }
    form = ReminderSettingsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = INVALID
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.reminder_settings_update(
                    settings=current,
                    by=request.user,
                    expected_version=data["version"],
                    sweep_time=data["sweep_time"],
                    look_ahead_days=data["look_ahead_days"],
                    escalate_after_days=data["escalate_after_days"],
                )
            except services.StaleEditError as error:
                keep_text_after_conflict(form, error.current.version)
                status = CONFLICT
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"Reminder settings for {service.name} saved.")
                return redirect("reminders:status")
    return render(request, "reminders/settings_form.html", {"service": service, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    preference = services.reminder_preference_for(user=request.user)
    form = PreferenceForm(
        request.POST or None,
        initial={"frequency": preference.frequency, "weekday": preference.weekday, "version": preference.version},
    )
    status = 200
    if request.method == "POST":
        status = INVALID
        if form.is_valid():
            try:
                with transaction.atomic():
                    services.reminder_preference_set(
                        user=request.user,
                        expected_version=form.cleaned_data["version"],
                        frequency=form.cleaned_data["frequency"],
                        weekday=form.cleaned_data["weekday"],
                    )
            except services.StaleEditError as error:
                keep_text_after_conflict(
                    form,
                    error.current.version,
                    message="You changed this in another window. Check the choice below and save again.",
                )
                status = CONFLICT
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Your reminder e-mail preference is saved.")
                return redirect("reminders:preferences")
    return render(request, "reminders/preferences.html", {"form": form}, status=status)


def home_panel(request: HttpRequest):
    """Home page "Due this week", for anyone with a clinical role."""
    if not scope_for(request.user).has_clinical_role:
        return None
    today = timezone.localdate()
    panel = selectors.due_this_week(user=request.user, today=today)
    _decorate(panel.first)
    return {"late": panel.late, "this_week": panel.this_week, "first": panel.first, "today": today}
