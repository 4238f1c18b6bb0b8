"""Building a run: the task body eagerly, files through STORAGES, idempotency, and the PDF, the CSV
files and the preview all showing the same figures."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from clients.factories import ClientFactory, ReferralFactory
from recovery.reports import services
from recovery.reports.models import ReportDefinition, ReportDownload, ReportRun, RunStatus
from recovery.reports.services.runs import strictest_threshold
from recovery.reports.tasks import build_report
from tests.reports.conftest import Q2
from tests.reports.pdf_text import pdf_text


def _request(definition, world, manager, **options) -> ReportRun:
    return services.run_request(definition=definition, services=[world.service], period=Q2, by=manager, **options)


def _csv_rows(run: ReportRun) -> dict[str, list[list[str]]]:
    with default_storage.open(run.csv_file.name, "rb") as handle, zipfile.ZipFile(handle) as archive:
        return {
            name: list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
            for name in archive.namelist()
            if name.endswith(".csv")
        }


@pytest.fixture
def built_run(world, definition, report_manager, django_capture_on_commit_callbacks) -> ReportRun:
    with django_capture_on_commit_callbacks(execute=False):
        run = _request(definition, world, report_manager)
    build_report.apply(args=[run.pk])
    run.refresh_from_db()
    return run


@pytest.mark.django_db
def test_it_builds_the_pdf_and_csv_files_and_marks_the_run_done(built_run):
    assert built_run.status == RunStatus.DONE
    assert default_storage.exists(built_run.pdf_file.name)
    assert default_storage.exists(built_run.csv_file.name)
    assert built_run.pdf_pages == len(PdfReader(default_storage.open(built_run.pdf_file.name)).pages) >= 13


@pytest.mark.django_db
def test_it_records_sql_pdf_times_and_peak_memory_on_the_run(built_run):
    assert built_run.sql_seconds > 0
    assert built_run.pdf_seconds > 0
    assert built_run.total_seconds >= built_run.pdf_seconds
    assert 10 < built_run.peak_memory_mb < 2000


@pytest.mark.django_db
def test_it_enqueues_the_build_only_after_the_request_commits(
    world, definition, report_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _request(definition, world, report_manager)

    assert len(callbacks) == 1


@pytest.mark.django_db
def test_it_makes_one_run_for_a_double_submit(
    world, definition, report_manager, idempotency_key, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        first = _request(definition, world, report_manager, idempotency_key=idempotency_key)
        second = _request(definition, world, report_manager, idempotency_key=idempotency_key)

    assert first.pk == second.pk
    assert ReportRun.objects.count() == 1


@pytest.mark.django_db
def test_it_does_nothing_when_a_duplicate_task_finds_the_run_done(built_run):
    finished_at = built_run.finished_at

    assert build_report.apply(args=[built_run.pk]).get() == "skipped"
    built_run.refresh_from_db()
    assert built_run.finished_at == finished_at


@pytest.mark.django_db
def test_it_skips_a_run_another_live_task_is_building(
    world, definition, report_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        run = _request(definition, world, report_manager)
    assert services.run_claim(run_id=run.pk) is not None

    assert build_report.apply(args=[run.pk]).get() == "skipped"


@pytest.mark.django_db
def test_it_claims_again_a_run_left_running_by_a_dead_worker_and_keeps_one_set_of_files(
    world, definition, report_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        run = _request(definition, world, report_manager)
    services.run_claim(run_id=run.pk)  # the first worker claimed it, wrote a stray file, then died
    default_storage.save(f"reports/{run.code}/report.pdf", io.BytesIO(b"half a PDF"))
    ReportRun.objects.filter(pk=run.pk).update(claimed_at=timezone.now() - timedelta(hours=1))

    assert build_report.apply(args=[run.pk]).get() == "built"

    run.refresh_from_db()
    _, files = default_storage.listdir(f"reports/{run.code}")
    assert sorted(files) == ["report-csv.zip", "report.pdf"]
    assert run.attempts == 2
    assert default_storage.open(run.pdf_file.name).read(5) == b"%PDF-"


@pytest.mark.django_db
def test_it_ignores_the_late_result_of_an_attempt_that_was_taken_over(
    world, definition, report_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        run = _request(definition, world, report_manager)
    stale_token = services.run_claim(run_id=run.pk)
    with override_settings(REPORTS_CLAIM_STALE_SECONDS=0):
        assert build_report.apply(args=[run.pk]).get() == "built"
    from recovery.reports.outputs import RenderedPdf
    from recovery.reports.services.runs import PeakMemory, Timings, _finish

    outcome = _finish(
        run_id=run.pk,
        token=stale_token,
        figures={},
        pdf=RenderedPdf(b"", 0),
        archive=b"",
        timings=Timings(),
        memory=PeakMemory(),
    )

    assert outcome == "superseded"
    run.refresh_from_db()
    assert run.figures["sections"]


@pytest.mark.django_db
def test_it_marks_the_run_failed_with_the_error_when_a_section_raises(
    world, definition, report_manager, django_capture_on_commit_callbacks, broken_section
):
    with django_capture_on_commit_callbacks(execute=False):
        run = _request(definition, world, report_manager)

    assert build_report.apply(args=[run.pk]).get() == "failed"
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "RuntimeError: the section broke" in run.error


@pytest.mark.django_db
def test_it_shows_the_same_figures_in_the_pdf_the_csv_and_the_preview(built_run, client_for, report_manager):
    text = pdf_text(default_storage.open(built_run.pdf_file.name).read())
    flat_pdf = " ".join(text.split())
    preview = client_for(report_manager).get(reverse("reports:run_preview", args=[built_run.code])).content.decode()
    csv_files = _csv_rows(built_run)
    checked = 0
    for section in built_run.figures["sections"]:
        csv_rows = next(rows for name, rows in csv_files.items() if name.endswith(f"-{section['key']}.csv"))[1:]
        assert len(csv_rows) == len(section["rows"])
        for row, csv_row in zip(section["rows"], csv_rows, strict=True):
            assert csv_row[1:3] == [row["figure"], row["breakdown"]] or csv_row[1].startswith("'")
            assert csv_row[3] == row["shown"] or float(csv_row[3]) == float(row["value"])
            if section["key"] != "case_studies":
                shown = row["shown"].replace("<", "&lt;")
                assert f">{shown}</td>" in preview
                assert f"{row['label']} {row['shown']}" in flat_pdf
                checked += 1
    assert checked > 40


@pytest.mark.django_db
def test_it_logs_each_download(built_run, client_for, report_manager):
    browser = client_for(report_manager)

    browser.get(reverse("reports:run_pdf", args=[built_run.code]))
    browser.get(reverse("reports:run_csv", args=[built_run.code]))

    assert list(ReportDownload.objects.order_by("id").values_list("kind", "user")) == [
        ("pdf", report_manager.pk),
        ("csv", report_manager.pk),
    ]


@pytest.mark.django_db
def test_it_serves_the_preview_with_charts_and_no_inline_script_or_style(client_for, report_manager, built_run):
    from tests.security.test_csp_compliance import _inline_code

    page = client_for(report_manager).get(reverse("reports:run_preview", args=[built_run.code])).content.decode()

    assert 'src="data:image/svg+xml;base64,' in page
    assert _inline_code(page) == []


@pytest.mark.django_db
def test_it_never_lets_the_download_log_be_rewritten(built_run, report_manager):
    from django.db import InternalError, transaction

    download = services.run_download_record(run=built_run, user=report_manager, kind="pdf", ip_address=None)

    with pytest.raises(InternalError), transaction.atomic():
        ReportDownload.objects.filter(pk=download.pk).delete()


# --- free text never reaches the commissioner ---------------------------------------------------

FREE_TEXT_REASON = "Declined: Quillfeather says her brother hits her at 12 Marlow Crescent"
FREE_TEXT_PLACE = "Quillfeather family friend at Marlow Crescent"


@pytest.fixture
def run_with_free_text(world, definition, report_manager, django_capture_on_commit_callbacks) -> ReportRun:
    """A built run over the world plus two referrals decided in Q2 with distinctive free text."""
    for decision, reason, place in (
        ("declined", FREE_TEXT_REASON, ""),
        ("signposted", FREE_TEXT_REASON, FREE_TEXT_PLACE),
    ):
        client = ClientFactory(team=world.teams[0], created_by=world.staff)
        ReferralFactory(
            client=client,
            received_on=date(2026, 7, 6),
            decision=decision,
            decided_on=date(2026, 7, 8),
            decided_by=world.staff,
            decision_reason=reason,
            signposted_to=place,
            created_by=world.staff,
        )
    with django_capture_on_commit_callbacks(execute=False):
        run = _request(definition, world, report_manager)
    build_report.apply(args=[run.pk])
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    return run


def _squashed(text: str) -> str:
    """Lower case without whitespace: PDF text extraction may break a word across lines."""
    return "".join(text.split()).lower()


@pytest.mark.django_db
def test_it_keeps_free_text_decision_reasons_out_of_the_pdf(run_with_free_text):
    text = _squashed(pdf_text(default_storage.open(run_with_free_text.pdf_file.name).read()))

    assert "quillfeather" not in text
    assert "marlowcrescent" not in text


@pytest.mark.django_db
def test_it_keeps_free_text_decision_reasons_out_of_the_csv_files(run_with_free_text):
    with default_storage.open(run_with_free_text.csv_file.name, "rb") as handle, zipfile.ZipFile(handle) as archive:
        text = _squashed(" ".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist()))

    assert "quillfeather" not in text
    assert "marlowcrescent" not in text


@pytest.mark.django_db
def test_it_keeps_free_text_decision_reasons_out_of_the_preview(run_with_free_text, client_for, report_manager):
    page = client_for(report_manager).get(reverse("reports:run_preview", args=[run_with_free_text.code]))

    assert page.status_code == 200
    assert "quillfeather" not in _squashed(page.content.decode())
    assert "marlowcrescent" not in _squashed(page.content.decode())


# --- a report on several services ---------------------------------------------------------------


@pytest.mark.django_db
def test_it_refuses_a_run_without_the_definitions_own_service(world, definition, report_manager):
    with pytest.raises(ValidationError):
        services.run_request(definition=definition, services=[world.other_service], period=Q2, by=report_manager)


@pytest.mark.django_db
def test_it_suppresses_a_report_on_several_services_with_the_strictest_threshold(
    world, definition, report_manager, django_capture_on_commit_callbacks
):
    ReportDefinition.objects.filter(pk=definition.pk).update(suppression_threshold=3)
    definition.refresh_from_db()
    other = services.definition_for_service(service=world.other_service)
    ReportDefinition.objects.filter(pk=other.pk).update(suppression_threshold=9)
    with django_capture_on_commit_callbacks(execute=False):
        run = services.run_request(
            definition=definition, services=[world.service, world.other_service], period=Q2, by=report_manager
        )

    build_report.apply(args=[run.pk])

    run.refresh_from_db()
    rows = [row for section in run.figures["sections"] for row in section["rows"]]
    assert run.figures["meta"]["threshold"] == 9
    assert any(row["shown"] == "<9" for row in rows)
    assert not any(
        row["breakdown"] and isinstance(row["value"], int) and 1 <= row["value"] < 9
        for row in rows
        if not isinstance(row["value"], bool)
    )


@pytest.mark.django_db
def test_it_uses_the_definitions_threshold_when_it_is_the_strictest(world, definition):
    ReportDefinition.objects.filter(pk=definition.pk).update(suppression_threshold=11)
    definition.refresh_from_db()

    assert strictest_threshold(definition, [world.service, world.other_service]) == 11


# --- fractions: the same figure in every output -------------------------------------------------


@pytest.fixture
def fractions_section():
    """A registered section with figures whose rounding is easy to get wrong, for this test only."""
    from recovery.core.registries import ReportSection, report_sections

    def compute(**kwargs):
        return {"mean": 4.25, "median": 2.875}

    def rows(data):
        yield ("Mean days to first contact", "", data["mean"])
        yield ("Median days to second contact", "", data["median"])

    entry = report_sections.register(
        ReportSection("test_fractions", "Fractions", "Two fractions.", compute, rows, "reports/sections/table.html")
    )
    yield entry
    report_sections.unregister(entry.key)


@pytest.mark.django_db
def test_it_shows_a_fraction_the_same_in_the_pdf_the_csv_and_the_preview(
    world, definition, report_manager, client_for, fractions_section, django_capture_on_commit_callbacks
):
    ReportDefinition.objects.filter(pk=definition.pk).update(section_keys=["test_fractions"])
    definition.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False):
        run = _request(definition, world, report_manager)
    build_report.apply(args=[run.pk])
    run.refresh_from_db()

    flat_pdf = " ".join(pdf_text(default_storage.open(run.pdf_file.name).read()).split())
    preview = client_for(report_manager).get(reverse("reports:run_preview", args=[run.code])).content.decode()
    (csv_rows,) = [rows[1:] for name, rows in _csv_rows(run).items() if name.endswith("-test_fractions.csv")]

    assert [row[3] for row in csv_rows] == ["4.3", "2.9"]
    assert "Mean days to first contact 4.3" in flat_pdf
    assert "Median days to second contact 2.9" in flat_pdf
    assert ">4.3</td>" in preview
    assert ">2.9</td>" in preview
