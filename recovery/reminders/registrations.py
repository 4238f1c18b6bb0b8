"""What the reminders app plugs into the core registries (called from RemindersConfig.ready)."""

from __future__ import annotations

from recovery.core.registries import (
    CaseloadFlagSource,
    HomePanel,
    NavItem,
    ScheduledTask,
    beat_schedule,
    caseload_flag_sources,
    home_panels,
    navigation,
)


def register_all() -> None:
    from recovery.core.demo import DemoSeeder, demo_seeders
    from recovery.reminders import bench, demo, selectors, views

    beat_schedule.register(
        ScheduledTask(
            "reminders-tick",
            task="recovery.reminders.tasks.tick",
            every_seconds=15 * 60,
            description="Start each service's reminder sweep once its daily sweep time has passed.",
        )
    )
    home_panels.register(HomePanel("due_this_week", "reminders/partials/home_panel.html", views.home_panel, order=5))
    caseload_flag_sources.register(
        CaseloadFlagSource("reminders", "Overdue items escalated to the team leader", selectors.escalated_flags)
    )
    navigation.register(
        NavItem(
            "reminders",
            "My reminders",
            "reminders:mine",
            visible=lambda scope: scope.has_clinical_role,
            order=15,
            # No overdue count here: a badge costs a query on every page, and the client pages are
            # at their budget of 20. The home page's "Due this week" panel carries the count.
        )
    )
    demo_seeders.register(DemoSeeder("reminders", demo.seed_reminders, order=90))
    bench.register_pages()
