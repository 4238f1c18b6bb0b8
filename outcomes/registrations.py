"""What the outcomes app plugs into the core registries (called from OutcomesConfig.ready)."""

from __future__ import annotations

from recovery.core.registries import (
    CaseloadFlagSource,
    ClientDueDateSource,
    ClientTab,
    DataQualityCheck,
    NavItem,
    ReminderSource,
    ReportSection,
    TimelineSource,
    caseload_flag_sources,
    client_due_date_sources,
    client_tabs,
    data_quality_checks,
    navigation,
    reminder_sources,
    report_sections,
    timeline_sources,
)


def register_all() -> None:
    from outcomes import bench, demo
    from outcomes.selectors import registries as sources
    from outcomes.selectors.service import DEFINITION
    from recovery.core.demo import DemoSeeder, demo_seeders

    client_tabs.register(ClientTab("outcomes", "Outcomes", "outcomes:client_outcomes", order=35))
    reminder_sources.register(ReminderSource("outcome_reading", "Outcome readings due", sources.reading_due_items))
    caseload_flag_sources.register(CaseloadFlagSource("outcomes", "Outcome measures", sources.baseline_flags))
    client_due_date_sources.register(
        ClientDueDateSource("outcome_reading", "Outcome reading", sources.next_outcome_due)
    )
    timeline_sources.register(
        TimelineSource("outcomes", "Outcome readings and Recovery Star notes", sources.outcome_timeline_entries)
    )
    report_sections.register(
        ReportSection(
            key="outcomes",
            title="Outcome measures: change from first to latest reading",
            definition=DEFINITION,
            compute=sources.report_compute,
            csv_rows=sources.report_csv_rows,
            template="outcomes/report_section.html",
            order=80,
        )
    )
    data_quality_checks.register(
        DataQualityCheck(
            key="outcomes_unpaired",
            label="Outcome readings without a pair",
            find=sources.unpaired_readings,
            hint="These clients had a first reading in the period and none since: take a review reading with them.",
            order=80,
        )
    )
    navigation.register(
        NavItem(
            "outcomes",
            "Outcomes",
            "outcomes:service_outcomes",
            visible=lambda scope: scope.is_team_leader,
            order=50,
        )
    )
    navigation.register(
        NavItem(
            "outcome_settings",
            "Outcome settings",
            "outcomes:settings_list",
            visible=lambda scope: scope.is_service_manager,
            order=810,
        )
    )
    demo_seeders.register(DemoSeeder("outcomes", demo.seed_outcomes, order=40))
    bench.register_pages()
