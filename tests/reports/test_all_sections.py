"""A report with every registered section, each with something to show, builds to the end.

The other tests build reports over the clients, plans and risk records; this one adds what the
activities, outcomes and case studies sections need, so every section's template is rendered
with rows in the PDF and the preview is built from the same figures.
"""

from __future__ import annotations

import uuid
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.storage import default_storage

from activities.factories import ActivityFactory, AttendanceFactory, SessionFactory
from activities.models import SessionFeedback
from outcomes.factories import ReadingFactory
from recovery.core.registries import ordered_report_sections
from recovery.reports import services
from recovery.reports.models import ReportRun, RunStatus
from recovery.reports.tasks import build_report
from tests.reports.conftest import Q2, at


@pytest.fixture
def every_section_world(world, report_manager, make_client):
    """The world plus a group session with attendance and feedback, a pair of outcome readings and
    a consented case study, all in Q2 in the report's service."""
    person = make_client(world.teams[0], created_by=world.staff)
    activity = ActivityFactory(service=world.service, category="creative", created_by=world.staff)
    starts = at(date(2026, 7, 15), 10)
    session = SessionFactory(activity=activity, starts_at=starts, ends_at=starts + timedelta(hours=1))
    AttendanceFactory(session=session, client=person, recorded_by=world.staff)
    SessionFeedback.objects.create(session=session, rating=4, idempotency_key=uuid.uuid4())
    ReadingFactory(client=person, by=world.staff, taken_on=date(2026, 7, 1))
    ReadingFactory(client=person, by=world.staff, taken_on=date(2026, 9, 1))
    services.case_study_add(
        service=world.service,
        by=report_manager,
        title="Finding a home again",
        anonymised_text="A, in her forties, moved into her own flat after a year with us.",
        consent_recorded_on=date(2026, 6, 1),
    )
    return world


@pytest.fixture
def every_section_run(every_section_world, definition, report_manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        run = services.run_request(
            definition=definition, services=[every_section_world.service], period=Q2, by=report_manager
        )
    build_report.apply(args=[run.pk])
    run.refresh_from_db()
    return run


@pytest.mark.django_db
def test_it_builds_a_report_with_every_registered_section(every_section_run):
    assert every_section_run.status == RunStatus.DONE, every_section_run.error
    assert default_storage.open(every_section_run.pdf_file.name).read(5) == b"%PDF-"
    with default_storage.open(every_section_run.csv_file.name, "rb") as handle, zipfile.ZipFile(handle) as archive:
        csv_names = [name for name in archive.namelist() if name.endswith(".csv")]
    assert len(csv_names) == len(ordered_report_sections())


@pytest.mark.django_db
def test_it_gives_every_registered_section_something_to_show(every_section_run: ReportRun):
    sections = {section["key"]: section for section in every_section_run.figures["sections"]}

    assert list(sections) == [section.key for section in ordered_report_sections()]
    assert all(section["rows"] for section in sections.values())
    assert sections["activities"]["data"]["sessions_run"] == 1
    assert sections["outcomes"]["data"]["measures"]
    assert sections["case_studies"]["data"]["studies"]
