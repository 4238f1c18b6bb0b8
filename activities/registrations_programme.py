"""What the programme half of activities (feedback, pre-tenancy, activity risk assessments,
outcomes) plugs into the core registries; called from ``activities.registrations.register_all``."""

from __future__ import annotations


def register_all() -> None:
    """Nothing registered yet: the programme half adds its entries here."""
