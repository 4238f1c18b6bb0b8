"""Anonymised case studies: added by a manager with the person's consent recorded, withdrawn if
consent is withdrawn (kept, never shown again)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from recovery.accounts.models import Service, User
from recovery.audit.history import acting
from recovery.core.forms import reject_future_date
from recovery.reports.models import CaseStudy


@transaction.atomic
def case_study_add(
    *,
    service: Service,
    by: User,
    title: str,
    anonymised_text: str,
    consent_recorded_on: date,
    include_in_reports: bool = True,
) -> CaseStudy:
    errors = {}
    if not title.strip():
        errors["title"] = "Enter a short title, without the person's name."
    if len(anonymised_text.strip()) < 40:
        errors["anonymised_text"] = "Write the story in at least a few sentences, with names and places changed."
    if errors:
        raise ValidationError(errors)
    reject_future_date(consent_recorded_on, "consent_recorded_on")
    with acting(by):
        return CaseStudy.objects.create(
            service=service,
            title=title.strip(),
            anonymised_text=anonymised_text.strip(),
            consent_recorded_on=consent_recorded_on,
            consent_recorded_by=by,
            include_in_reports=include_in_reports,
            written_by=by,
        )


@transaction.atomic
def case_study_withdraw(*, case_study: CaseStudy, by: User) -> CaseStudy:
    """Consent withdrawn: the case study leaves every future report at once."""
    current = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    if current.withdrawn_at is None:
        with acting(by):
            current.withdrawn_at = timezone.now()
            current.include_in_reports = False
            current.save(update_fields=["withdrawn_at", "include_in_reports"])
    return current


@transaction.atomic
def case_study_set_included(*, case_study: CaseStudy, by: User, include: bool) -> CaseStudy:
    """Pick a case study for reports, or leave it out (a withdrawn one can never be picked again)."""
    current = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    if current.withdrawn_at is not None and include:
        raise ValidationError("Consent for this story was withdrawn: it cannot be used again.")
    with acting(by):
        current.include_in_reports = include
        current.save(update_fields=["include_in_reports"])
    return current
