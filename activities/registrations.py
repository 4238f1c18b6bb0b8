"""What the activities app plugs into the core registries (called from ActivitiesConfig.ready)."""

from __future__ import annotations


def register_all() -> None:
    from activities import registrations_programme

    registrations_programme.register_all()
