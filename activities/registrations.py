"""What the activities app plugs into the core registries (called from ActivitiesConfig.ready)."""

from __future__ import annotations

from recovery.core.registries import (
    NavItem,
    ReminderSource,
    TimelineSource,
    navigation,
    reminder_sources,
    timeline_sources,
)


def register_all() -> None:
    from activities import bench, demo, registrations_programme
    from activities.selectors import registries as sources
    from recovery.core.demo import DemoSeeder, demo_seeders

    timeline_sources.register(TimelineSource("activities", "Activities", sources.activities_timeline_entries))
    reminder_sources.register(
        ReminderSource("activity_plan_missing", "Session plan not written yet", sources.plan_missing_items)
    )
    navigation.register(
        NavItem(
            "activities",
            "Activities",
            "activities:home",
            visible=lambda scope: bool(scope.visible_service_ids),
            order=50,
        )
    )
    demo_seeders.register(DemoSeeder("activities", demo.seed_activities, order=50))
    bench.register_pages()
    registrations_programme.register_all()
