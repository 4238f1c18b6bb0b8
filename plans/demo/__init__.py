"""Demo plans: most open clients get an agreed plan with goals in their own words, some reviews and
drafts; about 40% a WRAP and a safety plan; half a relapse signature. Everything is invented.

``small`` goes through the services, exactly as the app would. ``large`` builds up to 10,000 plan
versions with ``bulk_create`` so that the performance dataset seeds in seconds, not hours.
Idempotent: clients that already have a plan are left alone.
"""

from __future__ import annotations

from recovery.core.demo import DemoContext, DemoSeeder, demo_seeders


def seed_plans(context: DemoContext) -> dict[str, int]:
    from plans.demo.large import seed_large
    from plans.demo.small import seed_small

    if context.size == "large":
        return seed_large(context)
    return seed_small(context)


def register_demo() -> None:
    demo_seeders.register(DemoSeeder("plans", seed_plans, order=20))
