"""Commissioner reports: one definition per service, the runs that build its files, the log of
who downloaded them, and the anonymised case studies a manager picks for them.

Section figures come from the ``report_sections`` registry (``recovery.core.registries``);
nothing here names a domain app. A run keeps the figures it computed (``figures``) so that the
PDF, the CSV files and the on-screen preview all show the same numbers.
"""

from __future__ import annotations

import uuid

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from recovery.accounts.models import Service
from recovery.audit.history import track

User = settings.AUTH_USER_MODEL

DEFAULT_SUPPRESSION_THRESHOLD = 5


def default_targets() -> dict[str, float]:
    from recovery.reports.targets import default_target_values

    return default_target_values()


@track()
class ReportDefinition(models.Model):
    """What goes into a service's report, and the contract's targets and definitions."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.OneToOneField(Service, on_delete=models.PROTECT, related_name="report_definition")
    title = models.CharField(max_length=150, default="Quarterly report to the commissioner")
    commissioner_name = models.CharField(max_length=150, blank=True)
    contract_reference = models.CharField(max_length=80, blank=True)
    section_keys = ArrayField(
        models.CharField(max_length=60),
        default=list,
        blank=True,
        help_text="The sections in the report, by key. Empty means every section.",
    )
    targets = models.JSONField(default=default_targets, blank=True, help_text="Figure name → target percentage.")
    suppression_threshold = models.PositiveSmallIntegerField(
        default=DEFAULT_SUPPRESSION_THRESHOLD,
        help_text="Counts from 1 up to one below this number are shown as “<5” in breakdowns.",
    )
    auto_build = models.BooleanField("build last quarter's report automatically", default=False)
    auto_build_day = models.PositiveSmallIntegerField(
        "on this day of the month after each quarter ends",
        default=10,
        help_text="For example 10: the report for April to June is built on 10 July.",
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(suppression_threshold__gte=1, suppression_threshold__lte=20),
                name="reportdefinition_threshold_range",
            ),
            models.CheckConstraint(
                condition=Q(auto_build_day__gte=1, auto_build_day__lte=28), name="reportdefinition_build_day_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} for {self.service}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being built"
    DONE = "done", "Ready"
    FAILED = "failed", "Could not be built"


FINISHED_STATUSES = (RunStatus.DONE, RunStatus.FAILED)


def run_file_path(run: ReportRun, name: str) -> str:
    """Files of one run live under its code, with fixed names, so a second attempt replaces them."""
    return f"reports/{run.code}/{name}"


@track(exclude=["figures"])
class ReportRun(models.Model):
    """One build of a report: who asked, for which services and dates, how it went, and its files."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    definition = models.ForeignKey(ReportDefinition, on_delete=models.PROTECT, related_name="runs")
    services = models.ManyToManyField(Service, related_name="report_runs")
    period_start = models.DateField()
    period_end = models.DateField()
    period_label = models.CharField(max_length=120)
    requested_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    is_automatic = models.BooleanField(default=False)
    idempotency_key = models.UUIDField(unique=True, default=uuid.uuid4)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    built_anyway = models.BooleanField(default=False)
    incomplete = models.JSONField(default=list, blank=True, help_text="Data-quality checks that fell short.")

    # The build: claimed by one task at a time (see services.runs.run_claim).
    attempts = models.PositiveSmallIntegerField(default=0)
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    sql_seconds = models.FloatField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)
    pdf_seconds = models.FloatField(null=True, blank=True)
    csv_seconds = models.FloatField(null=True, blank=True)
    total_seconds = models.FloatField(null=True, blank=True)
    peak_memory_mb = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)

    figures = models.JSONField(null=True, blank=True)
    pdf_file = models.FileField(max_length=255, blank=True)
    csv_file = models.FileField(max_length=255, blank=True)
    pdf_pages = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["definition", "-requested_at"], name="reportrun_definition_at")]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="reportrun_period"),
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(pdf_file="") & ~Q(csv_file="")), name="reportrun_done_has_files"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.definition.title}, {self.period_label}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES


class DownloadKind(models.TextChoices):
    PDF = "pdf", "PDF"
    CSV = "csv", "CSV files (zip)"
    PREVIEW = "preview", "On-screen preview"


@track()
class ReportDownload(models.Model):
    """Who downloaded or previewed which report, and when. Never changed or deleted."""

    run = models.ForeignKey(ReportRun, on_delete=models.PROTECT, related_name="downloads")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=DownloadKind.choices)
    at = models.DateTimeField(auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        triggers = [
            # Like RecordAccess: who took the figures away can never be rewritten.
            pgtrigger.Protect(name="reportdownload_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.user} took the {self.get_kind_display()} of {self.run} on {self.at:%d %b %Y %H:%M}"


@track()
class CaseStudy(models.Model):
    """An anonymised story a manager may include in reports, only with the person's recorded consent.

    It has no link to a client record on purpose: the text is written to stand alone, with
    names and identifying details changed, and the consent is recorded here.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="case_studies")
    title = models.CharField(max_length=150)
    anonymised_text = models.TextField(help_text="Change names, places and dates so nobody can be recognised.")
    consent_recorded_on = models.DateField("consent given on")
    consent_recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    include_in_reports = models.BooleanField("include in reports", default=True)
    written_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True, help_text="Consent withdrawn: never shown again.")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-written_at", "-id"]
        verbose_name_plural = "case studies"

    def __str__(self) -> str:
        return self.title
