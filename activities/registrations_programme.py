"""What the programme half of activities (feedback, pre-tenancy, activity risk assessments,
outcomes) plugs into the core registries; called from ``activities.registrations.register_all``."""

from __future__ import annotations

from recovery.core.registries import (
    ClientTab,
    ReminderSource,
    ReportSection,
    client_tabs,
    reminder_sources,
    report_sections,
)

REPORT_DEFINITION = (
    "Group sessions run: sessions in the period not cancelled, that had started. Attendances: register "
    "marks of attended, late or left early. Meaningful activity: different people who took part in at "
    "least one session. Average feedback: mean of every rating (1 to 5) given on the period's sessions, "
    "named or anonymous. Pre-tenancy completions: courses completed on a date in the period."
)


def register_all() -> None:
    from activities import bench_programme, demo_programme
    from activities.selectors import programme_outcomes, risk_assessments
    from recovery.core.demo import DemoSeeder, demo_seeders

    reminder_sources.register(
        ReminderSource("activity_risk_review", "Activity risk assessment review due", risk_assessments.review_due_items)
    )
    reminder_sources.register(
        ReminderSource(
            "activity_risk_session",
            "Session coming up without an activity risk assessment in date",
            risk_assessments.session_warning_items,
        )
    )
    report_sections.register(
        ReportSection(
            key="activities",
            title="Activities and meaningful activity",
            definition=REPORT_DEFINITION,
            compute=programme_outcomes.report_compute,
            csv_rows=programme_outcomes.report_csv_rows,
            template="activities/programme/report_section.html",
            order=60,
        )
    )
    client_tabs.register(ClientTab("pretenancy", "Pre-tenancy course", "activities:client_pretenancy", order=70))
    demo_seeders.register(DemoSeeder("activities_programme", demo_programme.seed_programme, order=55))
    bench_programme.register_pages()
