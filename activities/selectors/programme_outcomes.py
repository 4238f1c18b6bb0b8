"""Programme outcomes per activity over a period (a term, or any dates), and the commissioner
report section's figures.

Definitions, used on screen, in the PDF and in the report alike:

- a session **run** is one not cancelled that started within the period, before now;
- a session **cancelled** is one within the period marked cancelled;
- **attendance** counts register marks of people who took part (attended, late, left early);
- **unique attendees** counts people who took part at least once (the report's "meaningful activity");
- **average attendance** is attendance divided by sessions run; against **capacity** it is that
  average as a percentage of the activity's capacity (activities without a capacity show none);
- **feedback** is every rating given on sessions in the period, named or anonymous;
- **pre-tenancy completions** are courses completed on a date within the period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, Q
from django.utils import timezone

from activities.choices import TOOK_PART, Category
from activities.models import Activity, Attendance, PreTenancyCompletion, Session, SessionFeedback

LONDON_MIDNIGHT = time(0, 0)


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) in Europe/London, as aware datetimes."""
    tz = timezone.get_default_timezone()
    return (
        timezone.make_aware(datetime.combine(start, LONDON_MIDNIGHT), tz),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), LONDON_MIDNIGHT), tz),
    )


@dataclass(frozen=True)
class Term:
    label: str
    start: date
    end: date

    @property
    def key(self) -> str:
        return self.start.isoformat()


def term_containing(day: date) -> Term:
    """Terms run September–December (autumn), January–April (spring) and May–August (summer)."""
    if day.month >= 9:
        return Term(f"Autumn {day.year}", date(day.year, 9, 1), date(day.year, 12, 31))
    if day.month >= 5:
        return Term(f"Summer {day.year}", date(day.year, 5, 1), date(day.year, 8, 31))
    return Term(f"Spring {day.year}", date(day.year, 1, 1), date(day.year, 4, 30))


def recent_terms(*, today: date | None = None, count: int = 6) -> list[Term]:
    """The current term and the ones before it, newest first."""
    term = term_containing(today or timezone.localdate())
    terms = [term]
    while len(terms) < count:
        term = term_containing(terms[-1].start - timedelta(days=1))
        terms.append(term)
    return terms


@dataclass
class ActivityOutcome:
    activity: Activity
    sessions_run: int = 0
    sessions_cancelled: int = 0
    sessions_planned: int = 0
    attendance: int = 0
    unique_attendees: int = 0
    feedback_count: int = 0
    feedback_average: float | None = None

    @property
    def average_attendance(self) -> float | None:
        return round(self.attendance / self.sessions_run, 1) if self.sessions_run else None

    @property
    def capacity_percent(self) -> int | None:
        if self.average_attendance is None or not self.activity.capacity:
            return None
        return round(100 * self.attendance / self.sessions_run / self.activity.capacity)


@dataclass
class ProgrammeOutcomes:
    start: date
    end: date
    rows: list[ActivityOutcome] = field(default_factory=list)
    unique_attendees: int = 0
    feedback_count: int = 0
    feedback_average: float | None = None
    feedback_by_rating: dict[int, int] = field(default_factory=dict)
    pretenancy_completions: int = 0

    @property
    def sessions_run(self) -> int:
        return sum(row.sessions_run for row in self.rows)

    @property
    def sessions_cancelled(self) -> int:
        return sum(row.sessions_cancelled for row in self.rows)

    @property
    def attendance(self) -> int:
        return sum(row.attendance for row in self.rows)


def _run_filter(now: datetime) -> Q:
    return Q(status="scheduled", starts_at__lt=now)


def programme_outcomes(
    *, service_ids, start: date, end: date, activity: Activity | None = None, now: datetime | None = None
) -> ProgrammeOutcomes:
    """Figures per activity and in total. Seven queries whatever the number of activities or sessions."""
    now = now or timezone.now()
    begin, finish = period_bounds(start, end)
    sessions = Session.objects.filter(activity__service_id__in=service_ids, starts_at__gte=begin, starts_at__lt=finish)
    if activity is not None:
        sessions = sessions.filter(activity=activity)
    run = sessions.filter(_run_filter(now))
    per_activity = {
        row["activity_id"]: row
        for row in sessions.values("activity_id").annotate(
            run=Count("pk", filter=_run_filter(now)),
            cancelled=Count("pk", filter=Q(status="cancelled")),
            planned=Count("pk", filter=Q(status="scheduled", starts_at__gte=now)),
        )
    }
    took_part = Attendance.objects.filter(session__in=run, mark__in=TOOK_PART)
    attendance = {
        row["session__activity_id"]: row
        for row in took_part.values("session__activity_id").annotate(
            marks=Count("pk"), people=Count("client_id", distinct=True)
        )
    }
    feedback_rows = SessionFeedback.objects.filter(session__in=sessions.exclude(status="cancelled"))
    feedback = {
        row["session__activity_id"]: row
        for row in feedback_rows.values("session__activity_id").annotate(count=Count("pk"), average=Avg("rating"))
    }
    by_rating = dict(feedback_rows.values_list("rating").annotate(count=Count("pk")).values_list("rating", "count"))
    activities = Activity.objects.filter(pk__in=per_activity.keys()).order_by("title", "id")
    result = ProgrammeOutcomes(start=start, end=end)
    for item in activities:
        counts = per_activity[item.pk]
        marks = attendance.get(item.pk, {})
        answers = feedback.get(item.pk, {})
        result.rows.append(
            ActivityOutcome(
                activity=item,
                sessions_run=counts["run"],
                sessions_cancelled=counts["cancelled"],
                sessions_planned=counts["planned"],
                attendance=marks.get("marks", 0),
                unique_attendees=marks.get("people", 0),
                feedback_count=answers.get("count", 0),
                feedback_average=round(answers["average"], 1) if answers.get("average") is not None else None,
            )
        )
    result.unique_attendees = took_part.values("client_id").distinct().count()
    result.feedback_by_rating = {rating: by_rating.get(rating, 0) for rating in range(1, 6)}
    result.feedback_count = sum(result.feedback_by_rating.values())
    if result.feedback_count:
        total = sum(rating * count for rating, count in result.feedback_by_rating.items())
        result.feedback_average = round(total / result.feedback_count, 2)
    if activity is None:
        result.pretenancy_completions = PreTenancyCompletion.objects.filter(
            service_id__in=service_ids, completed_on__gte=start, completed_on__lte=end
        ).count()
    return result


# --- the commissioner report section ------------------------------------------------------------


def report_compute(*, start: date, end: date, service_ids) -> dict:
    """The "activities" section of the commissioner report (JSON-serialisable). Eight queries."""
    outcomes = programme_outcomes(service_ids=list(service_ids), start=start, end=end)
    by_category: dict[str, dict[str, int]] = {}
    for row in outcomes.rows:
        entry = by_category.setdefault(row.activity.category, {"sessions_run": 0, "attendance": 0})
        entry["sessions_run"] += row.sessions_run
        entry["attendance"] += row.attendance
    labels = dict(Category.choices)
    return {
        "sessions_run": outcomes.sessions_run,
        "sessions_cancelled": outcomes.sessions_cancelled,
        "attendance": outcomes.attendance,
        "unique_attendees": outcomes.unique_attendees,
        "meaningful_activity": outcomes.unique_attendees,
        "feedback_count": outcomes.feedback_count,
        "average_feedback": outcomes.feedback_average,
        "pretenancy_completions": outcomes.pretenancy_completions,
        "by_category": [
            {"category": labels.get(key, key), **values}
            for key, values in sorted(by_category.items(), key=lambda item: labels.get(item[0], item[0]))
        ],
    }


def report_csv_rows(data: dict):
    """(figure, breakdown, value): headline figures first, then counts by category."""
    yield ("Group sessions run", "", data["sessions_run"])
    yield ("Group sessions cancelled", "", data["sessions_cancelled"])
    yield ("Attendances at group sessions", "", data["attendance"])
    yield ("People who took part in a group session (meaningful activity)", "", data["meaningful_activity"])
    yield ("Feedback answers", "", data["feedback_count"])
    if data["average_feedback"] is not None:
        yield ("Average feedback rating (1 to 5)", "", float(data["average_feedback"]))
    yield ("Pre-tenancy courses completed", "", data["pretenancy_completions"])
    for entry in data["by_category"]:
        yield ("Group sessions run", f"Category: {entry['category']}", entry["sessions_run"])
    for entry in data["by_category"]:
        yield ("Attendances at group sessions", f"Category: {entry['category']}", entry["attendance"])
