"""Programme outcomes and the commissioner report section, checked against a computation of
their own from the rows the test made."""

from __future__ import annotations

import io
import random
import re
import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse
from pypdf import PdfReader

from activities.choices import TOOK_PART, Mark
from activities.factories import ActivityFactory, AttendanceFactory, SessionFactory, london
from activities.models import PreTenancyCompletion, SessionFeedback
from activities.selectors import programme_outcomes as selectors
from clients.factories import ClientFactory
from recovery.core.registries import report_sections
from recovery.reports.figures import prepare_rows

NOW = london(date(2026, 11, 20), time(15, 0))
TERM = (date(2026, 9, 1), date(2026, 12, 31))


@pytest.fixture
def programme(service, team, worker, other_service_team):
    """Three activities over a term: run, cancelled and future sessions, marks and feedback, plus
    sessions outside the term and in another service that must not count."""
    rng = random.Random(8)
    people = [ClientFactory(team=team) for _ in range(12)]
    made = {"sessions": [], "marks": [], "feedback": []}
    with time_machine.travel(NOW, tick=False):
        activities = [
            ActivityFactory(service=service, title="Art group", capacity=10, category="creative"),
            ActivityFactory(service=service, title="Walking group", capacity=None, category="physical"),
            ActivityFactory(service=service, title="Cooking", capacity=6, category="life_skills"),
        ]
        elsewhere = ActivityFactory(service=other_service_team.service, title="Elsewhere")
        days = [
            date(2026, 8, 25),
            *[date(2026, 9, 1) + timedelta(days=7 * week) for week in range(16)],
            date(2027, 1, 5),
        ]
        for activity in [*activities, elsewhere]:
            for day in days:
                starts = london(day, time(10, 0))
                session = SessionFactory(activity=activity, starts_at=starts, ends_at=starts + timedelta(hours=1))
                if rng.random() < 0.15:
                    session.status, session.cancel_reason = "cancelled", "Facilitator ill"
                    session.save()
                made["sessions"].append(session)
                if session.status == "cancelled" or starts > NOW:
                    continue
                for person in rng.sample(people, rng.randint(0, 8)):
                    mark = rng.choice(list(Mark))
                    made["marks"].append(
                        AttendanceFactory(session=session, client=person, mark=mark, recorded_by=worker)
                    )
                    if mark in TOOK_PART and rng.random() < 0.5:
                        made["feedback"].append(
                            SessionFeedback.objects.create(
                                session=session, rating=rng.randint(1, 5), idempotency_key=uuid.uuid4()
                            )
                        )
        PreTenancyCompletion.objects.create(
            client=people[0], service=service, completed_on=date(2026, 10, 1), modules=["Budgeting"], recorded_by=worker
        )
        PreTenancyCompletion.objects.create(
            client=people[1], service=service, completed_on=date(2026, 6, 1), modules=["Budgeting"], recorded_by=worker
        )
    return activities, made


def _in_term(session) -> bool:
    start, end = (datetime.combine(day, time(0, 0)) for day in (TERM[0], TERM[1] + timedelta(days=1)))
    local = session.starts_at.astimezone(NOW.tzinfo).replace(tzinfo=None)
    return start <= local < end


def _expected(activity, made) -> dict:
    sessions = [s for s in made["sessions"] if s.activity_id == activity.pk and _in_term(s)]
    run = [s for s in sessions if s.status == "scheduled" and s.starts_at < NOW]
    run_ids = {s.pk for s in run}
    marks = [m for m in made["marks"] if m.session_id in run_ids and m.mark in TOOK_PART]
    ratings = [f.rating for f in made["feedback"] if f.session_id in run_ids]
    return {
        "run": len(run),
        "cancelled": sum(1 for s in sessions if s.status == "cancelled"),
        "attendance": len(marks),
        "people": len({m.client_id for m in marks}),
        "average": round(len(marks) / len(run), 1) if run else None,
        "capacity": round(100 * len(marks) / len(run) / activity.capacity) if run and activity.capacity else None,
        "feedback": (len(ratings), round(sum(ratings) / len(ratings), 1) if ratings else None),
    }


def _outcomes(service):
    with time_machine.travel(NOW, tick=False):
        return selectors.programme_outcomes(service_ids=[service.pk], start=TERM[0], end=TERM[1])


def test_it_counts_each_activitys_figures_as_an_independent_count_does(programme, service):
    activities, made = programme
    outcomes = _outcomes(service)
    got = {
        row.activity.pk: {
            "run": row.sessions_run,
            "cancelled": row.sessions_cancelled,
            "attendance": row.attendance,
            "people": row.unique_attendees,
            "average": row.average_attendance,
            "capacity": row.capacity_percent,
            "feedback": (row.feedback_count, row.feedback_average),
        }
        for row in outcomes.rows
    }
    assert got == {activity.pk: _expected(activity, made) for activity in activities}


def test_it_counts_people_once_across_activities(programme, service):
    _, made = programme
    run_ids = {
        s.pk
        for s in made["sessions"]
        if _in_term(s) and s.status == "scheduled" and s.starts_at < NOW and s.activity.service_id == service.pk
    }
    expected = len({m.client_id for m in made["marks"] if m.session_id in run_ids and m.mark in TOOK_PART})
    assert _outcomes(service).unique_attendees == expected


def test_it_counts_completions_within_the_period_only(programme, service):
    assert _outcomes(service).pretenancy_completions == 1


def test_it_averages_every_rating_in_the_period(programme, service):
    _, made = programme
    ratings = [
        f.rating for f in made["feedback"] if _in_term(f.session) and f.session.activity.service_id == service.pk
    ]
    outcomes = _outcomes(service)
    assert (outcomes.feedback_count, outcomes.feedback_average) == (len(ratings), round(sum(ratings) / len(ratings), 2))


def test_it_names_terms_from_september_january_and_may():
    assert [term.label for term in selectors.recent_terms(today=date(2026, 11, 20), count=4)] == [
        "Autumn 2026",
        "Summer 2026",
        "Spring 2026",
        "Autumn 2025",
    ]


def test_it_reports_the_section_figures_the_outcomes_give(programme, service):
    section = report_sections.get("activities")
    with time_machine.travel(NOW, tick=False):
        data = section.compute(start=TERM[0], end=TERM[1], service_ids=[service.pk])
    outcomes = _outcomes(service)
    assert (data["sessions_run"], data["attendance"], data["meaningful_activity"], data["pretenancy_completions"]) == (
        outcomes.sessions_run,
        outcomes.attendance,
        outcomes.unique_attendees,
        1,
    )


def test_it_gives_csv_rows_with_headlines_first_and_category_breakdowns(programme, service):
    section = report_sections.get("activities")
    with time_machine.travel(NOW, tick=False):
        data = section.compute(start=TERM[0], end=TERM[1], service_ids=[service.pk])
    rows = list(section.csv_rows(data))
    headline = {figure: value for figure, breakdown, value in rows if breakdown == ""}
    by_category = sum(value for figure, breakdown, value in rows if figure == "Group sessions run" and breakdown)
    assert headline["Group sessions run"] == by_category == data["sessions_run"]
    assert {breakdown for _, breakdown, _ in rows if breakdown} >= {"Category: Creative", "Category: Life skills"}


def test_it_gives_a_json_serialisable_section(programme, service):
    import json

    with time_machine.travel(NOW, tick=False):
        data = report_sections.get("activities").compute(start=TERM[0], end=TERM[1], service_ids=[service.pk])
    assert json.loads(json.dumps(data)) == data


def test_it_renders_the_section_template_with_its_rows(programme, service):
    section = report_sections.get("activities")
    with time_machine.travel(NOW, tick=False):
        data = section.compute(start=TERM[0], end=TERM[1], service_ids=[service.pk])
    rows = prepare_rows(section.csv_rows(data), threshold=5, targets={})
    html = render_to_string(section.template, {"section": section, "data": data, "rows": rows})
    assert "Group sessions run" in html
    assert f">{data['sessions_run']}<" in html.replace(" ", "").replace("\n", "")


def test_it_shows_a_small_breakdown_in_the_report_section_only_as_suppressed():
    section = report_sections.get("activities")
    rows = prepare_rows(
        [("Group sessions run", "", 40), ("Group sessions run", "Category: Creative", 3)], threshold=5, targets={}
    )

    html = render_to_string(section.template, {"section": section, "data": {}, "rows": rows})

    cells = [cell.strip() for cell in re.findall(r'<td class="app-report-number">(.*?)</td>', html, re.S)]
    assert cells == ["40", "&lt;5"]


def test_it_shows_the_outcomes_page_with_charts(client_for, worker, programme, service):
    with time_machine.travel(NOW, tick=False):
        response = client_for(worker).get(
            reverse("activities:service_outcomes", args=[service.code]), {"term": "2026-09-01"}
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('src="data:image/svg+xml;base64,') == 3
    assert "Art group" in html


def test_it_prints_the_outcomes_with_charts_in_a_pdf(client_for, worker, programme, service):
    with time_machine.travel(NOW, tick=False):
        response = client_for(worker).get(
            reverse("activities:service_outcomes_pdf", args=[service.code]), {"term": "2026-09-01"}
        )
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Programme outcomes" in text
    assert "Art group" in text
    assert "Sessions run and cancelled" in text  # the chart's own title, drawn from the SVG


def test_it_bounds_a_term_by_london_midnight_in_summer_time(service, worker):
    activity = ActivityFactory(service=service)
    with time_machine.travel(NOW, tick=False):
        inside = SessionFactory(activity=activity, starts_at=london(date(2026, 9, 1), time(0, 30)))
        SessionFactory(activity=activity, starts_at=london(date(2026, 8, 31), time(23, 30)))
        outcomes = selectors.programme_outcomes(service_ids=[service.pk], start=TERM[0], end=TERM[1])
    assert inside.starts_at.astimezone(UTC).date() == date(2026, 8, 31)  # in UTC it is still August
    assert outcomes.sessions_run == 1
