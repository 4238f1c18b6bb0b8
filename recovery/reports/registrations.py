"""What the reports app plugs into the core registries: its navigation entry, the daily check
for automatic builds, the case-study section, its bench pages and demo data."""

from __future__ import annotations

from recovery.core.registries import NavItem, ReportSection, ScheduledTask, beat_schedule, navigation, report_sections

CASE_STUDIES_DEFINITION = (
    "Stories chosen by the service manager, written so that nobody can be recognised, each with the "
    "person's consent recorded on or before the last day of the period. Stories whose consent was "
    "withdrawn are never included."
)


def register_all() -> None:
    from recovery.core.demo import DemoSeeder, demo_seeders
    from recovery.reports import bench, demo, sections

    navigation.register(
        NavItem(
            "reports",
            "Commissioner reports",
            "reports:home",
            visible=lambda scope: scope.is_service_manager,
            order=70,
        )
    )
    beat_schedule.register(
        ScheduledTask(
            "reports-automatic",
            task="recovery.reports.tasks.build_scheduled_reports",
            # Hourly rather than once a day: a beat outage of a few hours still builds on the day, and
            # the task queues each service's quarter at most once (a fixed idempotency key).
            every_seconds=60 * 60,
            description="Build last quarter's commissioner report on each service's chosen day.",
        )
    )
    report_sections.register(
        ReportSection(
            key="case_studies",
            title="Case studies",
            definition=CASE_STUDIES_DEFINITION,
            compute=sections.case_studies_compute,
            csv_rows=sections.case_studies_rows,
            template="reports/sections/case_studies.html",
            order=900,
        )
    )
    demo_seeders.register(DemoSeeder("reports", demo.seed_reports, order=90))
    bench.register_pages()
