"""Report runs: requested by a manager (or by the schedule), built once by a Celery task.

Idempotency (DESIGN.md: acks late, re-delivered when a worker is lost): a task first *claims*
the run under a row lock (``select_for_update``), moving it queued → running with a fresh
claim token. A duplicate task finds it running or done and does nothing. A run left
"running" by a worker that died is claimed again once the claim is older than the task's
hard time limit (by then the old task cannot still be running). Files are written under fixed
names inside the run's folder, after the old ones are removed, and only by the task holding
the current token, so however many times a run is attempted it ends with one set of files.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

import psutil
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from recovery.accounts.models import Membership, Role, Service, User
from recovery.audit.history import acting
from recovery.reports import periods
from recovery.reports.figures import compute_report
from recovery.reports.models import (
    DEFAULT_SUPPRESSION_THRESHOLD,
    FINISHED_STATUSES,
    DownloadKind,
    ReportDefinition,
    ReportDownload,
    ReportRun,
    RunStatus,
    run_file_path,
)
from recovery.reports.outputs import RenderedPdf, csv_zip, report_pdf
from recovery.reports.quality import failing_checks

logger = logging.getLogger(__name__)

PDF_NAME = "report.pdf"
CSV_NAME = "report-csv.zip"
AUTOMATIC_KEY_NAMESPACE = uuid.UUID("6f1f5a5e-4d0b-4c47-9f5e-3c1b1a7e0a10")
QUARTER_END_MONTHS_AFTER = (1, 4, 7, 10)  # the month after a financial quarter ends


class RunRefused(Exception):
    """The run cannot be retried in its current state."""


def _claim_stale_after() -> timedelta:
    default = settings.CELERY_TASK_TIME_LIMIT + 60
    return timedelta(seconds=getattr(settings, "REPORTS_CLAIM_STALE_SECONDS", default))


def _enqueue(run: ReportRun) -> None:
    """Send the build after commit, to the "reports" queue (CELERY_TASK_ROUTES) unless
    ``REPORTS_TASK_QUEUE`` names another (browser tests give their worker a queue of its own)."""
    from recovery.reports.tasks import build_report

    run_id = run.pk
    queue = getattr(settings, "REPORTS_TASK_QUEUE", None)
    transaction.on_commit(lambda: build_report.apply_async(args=[run_id], queue=queue))


@transaction.atomic
def run_request(
    *,
    definition: ReportDefinition,
    services: Sequence[Service],
    period: periods.Period,
    by: User | None,
    idempotency_key: uuid.UUID | None = None,
    built_anyway: bool = False,
    incomplete: Sequence[dict] = (),
    is_automatic: bool = False,
    enqueue: bool = True,
) -> ReportRun:
    """Queue a build (once per idempotency key, so a double submit makes one run).

    ``enqueue=False`` is for ``manage.py time_report``, which builds the run in its own process.
    """
    if idempotency_key is not None:
        existing = ReportRun.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if not services:
        raise ValidationError({"services": "Choose at least one service."})
    if definition.service_id not in {service.pk for service in services}:
        raise ValidationError(
            {"services": f"Include {definition.service.name}: the report uses its settings and targets."}
        )
    if incomplete and not built_anyway:
        raise ValidationError("Some records are incomplete: fix them first, or choose to build the report anyway.")
    with acting(by):
        run = ReportRun.objects.create(
            definition=definition,
            period_start=period.start,
            period_end=period.end,
            period_label=period.label,
            requested_by=by,
            is_automatic=is_automatic,
            idempotency_key=idempotency_key or uuid.uuid4(),
            built_anyway=built_anyway,
            incomplete=list(incomplete),
        )
        run.services.set(services)
    if enqueue:
        _enqueue(run)
    return run


def run_is_stuck(run: ReportRun) -> bool:
    """Running for longer than a task may: its worker stopped (the run can be tried again)."""
    return (
        run.status == RunStatus.RUNNING
        and run.claimed_at is not None
        and run.claimed_at < timezone.now() - _claim_stale_after()
    )


@transaction.atomic
def run_retry(*, run: ReportRun, by: User) -> ReportRun:
    """Queue a failed run again (or one whose worker stopped long ago)."""
    current = ReportRun.objects.select_for_update().get(pk=run.pk)
    if current.status != RunStatus.FAILED and not run_is_stuck(current):
        raise RunRefused("Only a report that could not be built can be tried again.")
    with acting(by):
        current.status = RunStatus.QUEUED
        current.claim_token = None
        current.error = ""
        current.save(update_fields=["status", "claim_token", "error"])
    _enqueue(current)
    return current


def run_claim(*, run_id: int) -> uuid.UUID | None:
    """Take the run for this task, or None if it is done, failed, or being built by a live task."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status in FINISHED_STATUSES:
            return None
        now = timezone.now()
        if run.status == RunStatus.RUNNING and run.claimed_at and now - run.claimed_at < _claim_stale_after():
            return None
        token = uuid.uuid4()
        run.status = RunStatus.RUNNING
        run.claim_token = token
        run.claimed_at = now
        run.started_at = now
        run.attempts += 1
        run.error = ""
        run.save(update_fields=["status", "claim_token", "claimed_at", "started_at", "attempts", "error"])
    return token


class PeakMemory:
    """The largest resident set size of this process while the block runs, sampled every 20 ms."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._process = psutil.Process()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, self._process.memory_info().rss)
            self._stop.wait(self.interval)

    @contextmanager
    def watching(self) -> Iterator[PeakMemory]:
        thread = threading.Thread(target=self._sample, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            thread.join()
            self.peak_bytes = max(self.peak_bytes, self._process.memory_info().rss)

    @property
    def megabytes(self) -> float:
        return round(self.peak_bytes / (1024 * 1024), 1)


@dataclass
class Timings:
    sql: float = 0.0
    render: float = 0.0
    pdf: float = 0.0
    csv: float = 0.0
    total: float = 0.0


def strictest_threshold(definition: ReportDefinition, services: Sequence[Service]) -> int:
    """The small-number threshold for a report on several services: the largest of their own.

    The targets and the rest of the settings are the report's own service's (``definition``), but
    each service's commissioner agreed how small a count may be shown, so the figures are suppressed
    as the strictest of them asks. A service that has never set one has the default.
    """
    own = dict(
        ReportDefinition.objects.filter(service_id__in=[service.pk for service in services]).values_list(
            "service_id", "suppression_threshold"
        )
    )
    return max(
        [
            definition.suppression_threshold,
            *(own.get(service.pk, DEFAULT_SUPPRESSION_THRESHOLD) for service in services),
        ]
    )


def _meta(run: ReportRun, services: Sequence[Service], incomplete: Sequence[dict], threshold: int) -> dict:
    definition = run.definition
    return {
        "title": definition.title,
        "run_code": str(run.code),
        "services": ", ".join(service.name for service in services),
        "commissioner_name": definition.commissioner_name,
        "contract_reference": definition.contract_reference,
        "period_label": run.period_label,
        "period_start": run.period_start.isoformat(),
        "period_end": run.period_end.isoformat(),
        "threshold": threshold,
        "targets": dict(definition.targets or {}),
        "built_at": timezone.localtime().isoformat(),
        "requested_by": str(run.requested_by) if run.requested_by_id else "Recovery",
        "built_anyway": run.built_anyway,
        "incomplete": list(incomplete),
    }


def build_figures(run: ReportRun) -> tuple[dict, float, float]:
    """(figures, SQL seconds, compute seconds) for a run: every section computed once."""
    definition = run.definition
    services = list(run.services.order_by("name"))
    service_ids = [service.pk for service in services]
    incomplete = run.incomplete
    if run.is_automatic:
        # Nobody saw the data-quality checklist, so the report says what was incomplete.
        incomplete = failing_checks(start=run.period_start, end=run.period_end, service_ids=service_ids)
    threshold = strictest_threshold(definition, services)
    computed = compute_report(
        section_keys=definition.section_keys,
        start=run.period_start,
        end=run.period_end,
        service_ids=service_ids,
        threshold=threshold,
        targets=definition.targets or {},
    )
    figures = {"meta": _meta(run, services, incomplete, threshold), "sections": computed.sections}
    return figures, computed.sql_seconds, computed.compute_seconds


def run_build(*, run_id: int) -> str:
    """Build the run's figures, PDF and CSV zip. Returns "built", "skipped", "superseded" or "failed"."""
    token = run_claim(run_id=run_id)
    if token is None:
        return "skipped"
    began = time.perf_counter()
    timings = Timings()
    memory = PeakMemory()
    try:
        with memory.watching():
            run = ReportRun.objects.select_related("definition", "requested_by").get(pk=run_id)
            figures, timings.sql, compute_seconds = build_figures(run)
            timings.render = compute_seconds - timings.sql
            started = time.perf_counter()
            pdf = report_pdf(figures=figures)
            timings.pdf = time.perf_counter() - started
            started = time.perf_counter()
            archive = csv_zip(figures=figures)
            timings.csv = time.perf_counter() - started
        timings.total = time.perf_counter() - began
        return _finish(
            run_id=run_id, token=token, figures=figures, pdf=pdf, archive=archive, timings=timings, memory=memory
        )
    except Exception as error:  # recorded on the run for the manager to see; the task does not retry
        logger.exception("Report run %s failed", run_id)
        _fail(run_id=run_id, token=token, error=error)
        return "failed"


def _replace_file(run: ReportRun, name: str, content: bytes) -> str:
    path = run_file_path(run, name)
    if default_storage.exists(path):
        default_storage.delete(path)
    return default_storage.save(path, ContentFile(content))


@transaction.atomic
def _finish(
    *,
    run_id: int,
    token: uuid.UUID,
    figures: dict,
    pdf: RenderedPdf,
    archive: bytes,
    timings: Timings,
    memory: PeakMemory,
) -> str:
    run = ReportRun.objects.select_for_update().get(pk=run_id)
    if run.claim_token != token or run.status != RunStatus.RUNNING:
        return "superseded"  # a later attempt took the run over; its files are the ones kept
    run.pdf_file.name = _replace_file(run, PDF_NAME, pdf.content)
    run.csv_file.name = _replace_file(run, CSV_NAME, archive)
    run.pdf_pages = pdf.pages
    run.figures = figures
    run.status = RunStatus.DONE
    run.finished_at = timezone.now()
    run.sql_seconds = round(timings.sql, 3)
    run.render_seconds = round(timings.render, 3)
    run.pdf_seconds = round(timings.pdf, 3)
    run.csv_seconds = round(timings.csv, 3)
    run.total_seconds = round(timings.total, 3)
    run.peak_memory_mb = memory.megabytes
    run.save()
    if run.is_automatic:
        transaction.on_commit(lambda: _email_managers(run))
    return "built"


@transaction.atomic
def _fail(*, run_id: int, token: uuid.UUID, error: Exception) -> None:
    run = ReportRun.objects.select_for_update().get(pk=run_id)
    if run.claim_token != token or run.status != RunStatus.RUNNING:
        return
    run.status = RunStatus.FAILED
    run.finished_at = timezone.now()
    run.error = f"{type(error).__name__}: {error}"[:2000]
    run.save(update_fields=["status", "finished_at", "error"])


def _email_managers(run: ReportRun) -> None:
    """Tell the service's managers the automatic report is ready: a link only, never the file."""
    service = run.definition.service
    recipients = list(
        Membership.objects.filter(role=Role.SERVICE_MANAGER, service=service, user__is_active=True)
        .values_list("user__email", flat=True)
        .distinct()
    )
    if not recipients:
        return
    link = f"{settings.SITE_URL}{reverse('reports:run_detail', args=[run.code])}"
    send_mail(
        subject=f"{service.name}: the report for {run.period_label} is ready",
        message=(
            f"The {run.definition.title.lower()} for {service.name}, {run.period_label}, has been built.\n\n"
            f"Check it and download it here (you will need to sign in):\n{link}\n\n"
            "The report is not attached to this e-mail, to keep the figures safe."
        ),
        from_email=None,
        recipient_list=recipients,
    )


def automatic_idempotency_key(definition: ReportDefinition, period: periods.Period) -> uuid.UUID:
    return uuid.uuid5(AUTOMATIC_KEY_NAMESPACE, f"{definition.code}:{period.key}")


def runs_request_automatic(*, today: date) -> list[ReportRun]:
    """Queue last quarter's report for each service whose build day is today (once per quarter)."""
    if today.month not in QUARTER_END_MONTHS_AFTER:
        return []
    period = periods.previous_quarter(today)
    runs = []
    for definition in ReportDefinition.objects.filter(auto_build=True, auto_build_day=today.day).select_related(
        "service"
    ):
        runs.append(
            run_request(
                definition=definition,
                services=[definition.service],
                period=period,
                by=None,
                idempotency_key=automatic_idempotency_key(definition, period),
                built_anyway=True,
                is_automatic=True,
            )
        )
    return runs


@transaction.atomic
def run_download_record(*, run: ReportRun, user: User, kind: str, ip_address: str | None) -> ReportDownload:
    """Log who took which output of a report (the audit trail of shared figures)."""
    if kind not in DownloadKind.values:
        raise ValueError(f"Unknown download kind {kind!r}")
    with acting(user):
        return ReportDownload.objects.create(run=run, user=user, kind=kind, ip_address=ip_address)
