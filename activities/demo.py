"""Demo activities for ``manage.py seed_demo``: a term's timetable for each service, with partner
agencies, session plan templates, regular attendees, bookings, plans and register marks.

The term runs from six weeks before this week to six weeks after it ("small"), or a year back
("large": 2,000 sessions and 40,000 register marks), so today always has sessions: the first
activity meets on today's weekday. Everything is written with ``bulk_create`` (the "large" run
takes a few seconds). Idempotent: a service that already has activities is left alone.
"""

from __future__ import annotations

import random
from datetime import time, timedelta

from django.db import connection
from django.utils import timezone

from activities import choices, demo_content
from activities.models import (
    Activity,
    ActivityFacilitator,
    Attendance,
    Booking,
    PartnerAgency,
    RegularAttendee,
    Session,
    SessionPlan,
    SessionPlanTemplate,
    SessionSeries,
)
from activities.selectors.timetable import week_start
from activities.services.sessions import london_datetime
from clients.models import Client
from recovery.accounts.models import Service, User
from recovery.core.demo import DemoContext, demo_email

# Per size: activities per service, weeks before this week, weeks after, regulars per activity.
SIZES = {
    "small": {"activities": 8, "weeks_back": 6, "weeks_ahead": 6, "regulars": (4, 7)},
    "large": {"activities": 20, "weeks_back": 43, "weeks_ahead": 6, "regulars": (20, 20)},
}
LARGE_MARKS = 40_000
LARGE_CAPACITY = 30
BATCH_SIZE = 5000
MARK_WEIGHTS = (
    (choices.Mark.ATTENDED, 76),
    (choices.Mark.ABSENT, 14),
    (choices.Mark.LATE, 6),
    (choices.Mark.LEFT_EARLY, 4),
)


def _mark(rng: random.Random) -> str:
    return rng.choices([mark for mark, _ in MARK_WEIGHTS], weights=[weight for _, weight in MARK_WEIGHTS])[0]


def _staff(context: DemoContext, service: Service) -> tuple[User, list[User]]:
    """The demo coordinator (service 0 only) and the service's workers, who co-facilitate."""
    workers = [
        worker
        for team in context.teams
        if team.service_id == service.pk
        for worker in context.workers_by_team.get(team.id, [])
    ]
    coordinator = User.objects.filter(email=demo_email("coordinator")).first()
    if coordinator is None or coordinator not in workers:
        coordinator = workers[0]
    return coordinator, [worker for worker in workers if worker != coordinator]


def _seed_service(context: DemoContext, service: Service, rng: random.Random, size: dict) -> None:
    coordinator, workers = _staff(context, service)
    today = timezone.localdate()
    now = timezone.now()
    agencies = PartnerAgency.objects.bulk_create(
        [
            PartnerAgency(
                service=service,
                name=name,
                agency_type=kind,
                contact_name=f"{rng.choice(['Helen', 'Marcus', 'Priti', 'Owen', 'Joy'])} {rng.choice(['Price', 'Ahmed', 'Lewis', 'Clarke'])}",
                phone=f"0113 496 0{rng.randrange(1000):03d}",
                email=f"partners{index}@example.org",
                offers=offers,
                agreement=agreement,
                agreement_expires_on=today + timedelta(days=rng.choice([-20, 90, 200, 365])) if agreement else None,
                created_by=coordinator,
            )
            for index, (name, kind, offers, agreement) in enumerate(demo_content.AGENCIES)
        ]
    )
    templates = SessionPlanTemplate.objects.bulk_create(
        [
            SessionPlanTemplate(
                service=service,
                title=title,
                category=category,
                aims=aims,
                outline=[{"minutes": minutes, "item": item} for minutes, item in steps],
                materials=materials,
                facilitator_notes=notes,
                adaptations=adaptations,
                created_by=coordinator,
            )
            for title, category, aims, steps, materials, notes, adaptations in demo_content.TEMPLATES
        ]
    )
    templates_by_category = {template.category: template for template in templates}
    large = context.size == "large"
    specs = [demo_content.ACTIVITIES[index % len(demo_content.ACTIVITIES)] for index in range(size["activities"])]
    teams = [team for team in context.teams if team.service_id == service.pk]
    activities = Activity.objects.bulk_create(
        [
            Activity(
                service=service,
                team=teams[index % len(teams)] if index % 3 else None,
                title=title
                if index < len(demo_content.ACTIVITIES)
                else f"{title} ({index // len(demo_content.ACTIVITIES) + 1})",
                category=category,
                description=description,
                partner_agency=agencies[partner] if partner is not None else None,
                location_kind=choices.LocationKind.COMMUNITY if partner is not None else choices.LocationKind.IN_HOUSE,
                location=location,
                capacity=LARGE_CAPACITY if large else capacity,
                booking_required=booking,
                accessibility_notes="Step-free access; hearing loop in the room." if index % 2 else "",
                created_by=coordinator,
            )
            for index, (
                title,
                category,
                description,
                location,
                capacity,
                booking,
                partner,
                _hour,
                _minutes,
            ) in enumerate(specs)
        ]
    )
    ActivityFacilitator.objects.bulk_create(
        [ActivityFacilitator(activity=activity, user=coordinator) for activity in activities]
        + [
            ActivityFacilitator(activity=activity, user=workers[index % len(workers)], is_learning=index % 4 == 1)
            for index, activity in enumerate(activities)
            if workers
        ]
    )

    # The term, one weekly (or, in "small", sometimes fortnightly) run per activity.
    first_monday = week_start(today) - timedelta(weeks=size["weeks_back"])
    last_day = week_start(today) + timedelta(weeks=size["weeks_ahead"], days=6)
    series_rows, session_rows = [], []
    for index, (activity, spec) in enumerate(zip(activities, specs, strict=True)):
        weekday = (today.weekday() + index) % 6 if index else today.weekday()
        hour, minutes = spec[7], spec[8]
        fortnightly = not large and index % 4 == 3
        first_day = first_monday + timedelta(days=weekday)
        start, end = time(hour, 0), (london_datetime(first_day, time(hour, 0)) + timedelta(minutes=minutes)).time()
        series = SessionSeries(
            activity=activity,
            frequency=choices.Frequency.FORTNIGHTLY if fortnightly else choices.Frequency.WEEKLY,
            first_date=first_day,
            until_date=last_day,
            start_time=start,
            end_time=end,
            created_by=coordinator,
        )
        series_rows.append(series)
        step = 14 if fortnightly else 7
        day = first_day
        while day <= last_day:
            session_rows.append(
                Session(
                    activity=activity,
                    series=series,
                    starts_at=london_datetime(day, start),
                    ends_at=london_datetime(day, end),
                )
            )
            day += timedelta(days=step)
    SessionSeries.objects.bulk_create(series_rows)
    for session in session_rows:
        session.series_id = session.series.pk
        roll = rng.random()
        if roll < 0.03:
            session.status = choices.SessionStatus.CANCELLED
            session.cancel_reason = rng.choice(demo_content.CANCEL_REASONS)
            session.cancelled_at = session.starts_at - timedelta(days=2)
            session.cancelled_by = coordinator
        elif roll < 0.05:
            session.moved_from = session.starts_at
            session.starts_at += timedelta(hours=1)
            session.ends_at += timedelta(hours=1)
            session.move_reason = rng.choice(demo_content.MOVE_REASONS)
            session.moved_at = session.moved_from - timedelta(days=3)
            session.moved_by = coordinator
    Session.objects.bulk_create(session_rows, batch_size=BATCH_SIZE)

    # Regulars and their bookings, walk-ins, and marks for sessions that have happened.
    clients = list(Client.objects.filter(team__service=service, is_open=True).order_by("id").only("id"))
    if not clients:
        return
    regulars_by_activity: dict[int, list[RegularAttendee]] = {}
    regular_rows = []
    low, high = size["regulars"]
    for activity in activities:
        chosen = rng.sample(clients, min(len(clients), rng.randint(low, high)))
        rows = [
            RegularAttendee(
                activity=activity,
                client_id=client.pk,
                started_on=first_monday,
                added_by=coordinator,
            )
            for client in chosen
        ]
        regulars_by_activity[activity.pk] = rows
        regular_rows.extend(rows)
    RegularAttendee.objects.bulk_create(regular_rows, batch_size=BATCH_SIZE)

    past = [
        session
        for session in session_rows
        if session.status == choices.SessionStatus.SCHEDULED and session.ends_at < now
    ]
    past_ids = {id(session) for session in past}
    per_session = {}
    if large:
        # Spread exactly LARGE_MARKS marks over the sessions that have happened (service's share).
        share = LARGE_MARKS // len(context.services)
        base, extra = divmod(share, len(past)) if past else (0, 0)
        per_session = {id(session): base + (1 if index < extra else 0) for index, session in enumerate(past)}

    bookings, marks, plans = [], [], []
    plan_gap = 0
    for session in session_rows:
        regulars = regulars_by_activity[session.activity_id]
        booked = {regular.client_id: regular for regular in regulars}
        happened = id(session) in past_ids
        if not happened:
            wanted = len(booked)
        elif large:
            wanted = per_session[id(session)]
        else:
            wanted = min(len(booked) + rng.choice([0, 0, 1, 2]), session.activity.capacity or len(booked) + 2)
        if happened and wanted > len(booked):
            extras = [
                client for client in rng.sample(clients, min(len(clients), wanted + 10)) if client.pk not in booked
            ]
            for client in extras[: wanted - len(booked)]:
                booked[client.pk] = None
        for client_id, regular in list(booked.items())[: wanted if happened else None]:
            bookings.append(
                Booking(
                    session=session,
                    client_id=client_id,
                    is_walk_in=regular is None,
                    from_regular=regular,
                    booked_by=coordinator,
                )
            )
            if happened:
                marks.append(
                    Attendance(
                        session=session,
                        client_id=client_id,
                        mark=choices.Mark.ATTENDED if regular is None else _mark(rng),
                        recorded_by=coordinator,
                    )
                )
        in_next_week = now <= session.starts_at < now + timedelta(days=7)
        if session.status == choices.SessionStatus.SCHEDULED and (happened or not in_next_week or plan_gap >= 2):
            template = templates_by_category.get(session.activity.category) or rng.choice(templates)
            plans.append(
                SessionPlan(
                    session=session,
                    template=template,
                    aims=template.aims,
                    outline=template.outline,
                    materials=template.materials,
                    facilitator_notes=template.facilitator_notes,
                    adaptations=template.adaptations,
                    written_by=coordinator,
                )
            )
        elif in_next_week:
            plan_gap += 1  # two sessions in the coming week are left without a plan, for the reminder
        if happened:
            session.register_taken_at, session.register_taken_by = session.ends_at, coordinator
    Booking.objects.bulk_create(bookings, batch_size=BATCH_SIZE)
    Attendance.objects.bulk_create(marks, batch_size=BATCH_SIZE)
    SessionPlan.objects.bulk_create(plans, batch_size=BATCH_SIZE)
    Session.objects.bulk_update(past, ["register_taken_at", "register_taken_by"], batch_size=BATCH_SIZE)


def _count_group_work_as_seen(service_ids: list[int]) -> None:
    """One statement: "last seen" moves forward to the latest session each person took part in."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE clients_client c
               SET last_contact_at = GREATEST(COALESCE(c.last_contact_at, seen.at), seen.at)
              FROM (SELECT a.client_id, MAX(s.starts_at) AS at
                      FROM activities_attendance a
                      JOIN activities_session s ON s.id = a.session_id
                      JOIN activities_activity act ON act.id = s.activity_id
                     WHERE a.mark IN ('attended', 'late', 'left_early') AND act.service_id = ANY(%s)
                     GROUP BY a.client_id) AS seen
             WHERE c.id = seen.client_id
            """,
            [service_ids],
        )


def seed_activities(context: DemoContext) -> dict[str, int]:
    size = SIZES[context.size]
    seeded = []
    for index, service in enumerate(context.services):
        if Activity.objects.filter(service=service).exists():
            continue
        _seed_service(context, service, random.Random(f"activities-{service.name}-{index}"), size)
        seeded.append(service.pk)
    if seeded:
        _count_group_work_as_seen(seeded)
    return {
        "activities": Activity.objects.count(),
        "sessions": Session.objects.count(),
        "bookings": Booking.objects.count(),
        "attendance marks": Attendance.objects.count(),
        "session plans": SessionPlan.objects.count(),
        "partner agencies": PartnerAgency.objects.count(),
    }
