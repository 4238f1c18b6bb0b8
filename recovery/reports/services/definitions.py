"""A service's report definition: created with the contract details the service already holds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from recovery.accounts.models import Service, User
from recovery.audit.history import acting
from recovery.core.concurrency import bump_version, lock_current_version
from recovery.core.registries import ordered_report_sections, report_sections
from recovery.reports.models import ReportDefinition


@transaction.atomic
def definition_for_service(*, service: Service) -> ReportDefinition:
    """The service's definition, made the first time with the commissioner and contract from the service."""
    definition, _ = ReportDefinition.objects.get_or_create(
        service=service,
        defaults={"commissioner_name": service.commissioner_name, "contract_reference": service.contract_reference},
    )
    return definition


@transaction.atomic
def definition_update(
    *,
    definition: ReportDefinition,
    by: User,
    expected_version: int,
    title: str,
    commissioner_name: str,
    contract_reference: str,
    section_keys: Sequence[str],
    targets: Mapping[str, float | None],
    suppression_threshold: int,
    auto_build: bool,
    auto_build_day: int,
) -> ReportDefinition:
    """Change what the report holds and the contract's targets; refused if someone saved in between."""
    current = lock_current_version(definition, expected_version=expected_version)
    errors = {}
    if not title.strip():
        errors["title"] = "Enter a title for the report."
    if not section_keys or any(key not in report_sections for key in section_keys):
        errors["section_keys"] = "Tick at least one section from the list."
    if not 1 <= suppression_threshold <= 20:
        errors["suppression_threshold"] = "Enter a number from 1 to 20 (5 is usual; 1 shows every count)."
    if not 1 <= auto_build_day <= 28:
        errors["auto_build_day"] = "Enter a day from 1 to 28."
    for figure, value in targets.items():
        if value is not None and not 0 <= value <= 100:
            errors.setdefault("targets", f"Enter a percentage from 0 to 100 for “{figure}”, or leave it empty.")
    if errors:
        raise ValidationError(errors)
    with acting(by):
        current.title = title.strip()
        current.commissioner_name = commissioner_name.strip()
        current.contract_reference = contract_reference.strip()
        wanted = set(section_keys)
        chosen = [section.key for section in ordered_report_sections() if section.key in wanted]
        # Every section chosen is kept as "all", so sections registered later join the report.
        current.section_keys = [] if len(chosen) == len(report_sections) else chosen
        current.targets = {figure: float(value) for figure, value in targets.items() if value is not None}
        current.suppression_threshold = suppression_threshold
        current.auto_build = auto_build
        current.auto_build_day = auto_build_day
        current.updated_by = by
        bump_version(current)
        current.save()
    current.refresh_from_db()
    return current
