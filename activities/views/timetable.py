"""The timetable of a service: the week grid, the list of what is coming up, the printable PDF
and the iCalendar feed (subscribed to by a secret address, without signing in)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from icalendar import Calendar, Event

from activities import choices
from activities.access import can_manage_programme, require_programme_change, require_programme_manager
from activities.selectors import programme as programme_selectors
from activities.selectors import timetable as selectors
from activities.services import programme as services
from activities.views.common import parse_day, programme_context
from clients.views.common import paginate
from recovery.core.pdf import render_pdf

CATEGORY_CHOICES = choices.Category.choices


def _week_of(request: HttpRequest):
    day = parse_day(request.GET.get("week")) or timezone.localdate()
    return selectors.week_start(day)


def _category(request: HttpRequest) -> str:
    category = request.GET.get("category", "")
    return category if category in choices.Category.values else ""


@require_GET
@login_required
def timetable_week(request: HttpRequest, service_code) -> HttpResponse:
    service = programme_selectors.service_for_user(user=request.user, code=service_code)
    category = _category(request)
    week = selectors.timetable_week(service=service, monday=_week_of(request), category=category)
    context = programme_context(
        request, service, week=week, category=category, categories=CATEGORY_CHOICES, view="week"
    )
    return render(request, "activities/timetable_week.html", context)


@require_GET
@login_required
def timetable_list(request: HttpRequest, service_code) -> HttpResponse:
    service = programme_selectors.service_for_user(user=request.user, code=service_code)
    category = _category(request)
    page = paginate(request, selectors.timetable_upcoming(service=service, category=category))
    context = programme_context(
        request, service, page=page, category=category, categories=CATEGORY_CHOICES, view="list"
    )
    return render(request, "activities/timetable_list.html", context)


@require_GET
@login_required
def timetable_pdf(request: HttpRequest, service_code) -> HttpResponse:
    """The week on one A4 landscape page for the notice board: times, places, no names."""
    service = programme_selectors.service_for_user(user=request.user, code=service_code)
    week = selectors.timetable_week(service=service, monday=_week_of(request))
    pdf = render_pdf(
        template="activities/pdf/timetable.html",
        context={"service": service, "week": week, "printed_on": timezone.localdate()},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="timetable-{week.monday:%Y-%m-%d}.pdf"'
    return response


def _event(session, *, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{session.code}@recovery-activities")
    event.add("dtstamp", stamp)
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", f"Cancelled: {session.activity.title}" if session.is_cancelled else session.activity.title)
    event.add("location", session.place)
    event.add("categories", [session.activity.get_category_display()])
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    event.add("sequence", session.version)
    # The feed has no sign-in, so a reason typed by staff ("Sam's carer is ill") never goes in
    # it: a changed session says only that it changed, in fixed words.
    description = [session.activity.description]
    if session.is_cancelled:
        description.insert(0, "Cancelled")
    elif session.moved_from:
        description.insert(0, "Moved to a new time")
    event.add("description", "\n\n".join(part for part in description if part))
    return event


@require_GET
def timetable_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed: no sign-in (calendar apps cannot), so it carries no client data at
    all, only what is on the printed timetable; the secret token keeps it from being guessed."""
    feed = selectors.feed_for_token(token=token)
    service = feed.service
    calendar = Calendar()
    calendar.add("prodid", "-//Recovery//Activities timetable//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{service.name}: activities")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for session in selectors.feed_sessions(service=service):
        calendar.add_component(_event(session, stamp=stamp))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="activities.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
@login_required
def feed_settings(request: HttpRequest, service_code) -> HttpResponse:
    """The subscription address, for the people who run the programme."""
    service = programme_selectors.service_for_user(user=request.user, code=service_code)
    require_programme_change(request.user, service.pk)
    feed = services.timetable_feed_for(service=service)
    address = request.build_absolute_uri(reverse("activities:timetable_feed", args=[feed.token]))
    context = programme_context(
        request, service, feed=feed, address=address, can_regenerate=can_manage_programme(request.user, service.pk)
    )
    return render(request, "activities/feed_settings.html", context)


@require_POST
@login_required
def feed_regenerate(request: HttpRequest, service_code) -> HttpResponse:
    service = programme_selectors.service_for_user(user=request.user, code=service_code)
    require_programme_manager(request.user, service.pk)
    services.timetable_feed_regenerate(service=service, by=request.user)
    messages.success(request, "New address made. Calendars using the old one will stop updating: share the new one.")
    return redirect("activities:feed_settings", service_code=service.code)
