"""Browser journey for commissioner reports: a service manager checks the records for last
quarter, builds the report anyway, watches the page update as a real Celery worker builds it,
checks it on screen and downloads the PDF and the CSV files; axe on each page.

The worker consumes a queue of its own (``REPORTS_TASK_QUEUE``), as in tests/core/test_celery.py.
"""

from __future__ import annotations

import re
import uuid
import zipfile
from collections.abc import Iterator
from datetime import timedelta

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.utils import timezone
from playwright.sync_api import Page, expect

from clients.factories import ClientFactory, ContactFactory, EpisodeFactory, ReferralFactory
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role, User
from recovery.celery import app
from recovery.reports import periods
from recovery.reports.models import ReportDownload
from tests.e2e.journeys import assert_no_serious_accessibility_violations, nav_link, screenshot, sign_in
from tests.reports.conftest import at

pytestmark = [pytest.mark.e2e, pytest.mark.worker]

TABLET = {"width": 820, "height": 1180}


@pytest.fixture
def e2e_manager(e2e_team) -> User:
    return staff_with_role(
        Role.SERVICE_MANAGER, service=e2e_team.service, email="martin.manager@example.org", full_name="Martin Doyle"
    )


@pytest.fixture
def e2e_last_quarter() -> periods.Period:
    return periods.previous_quarter(timezone.localdate())


@pytest.fixture
def e2e_caseload(e2e_team, e2e_worker, e2e_last_quarter) -> None:
    """Six people supported last quarter, with 21 contacts in it; equality answers left blank."""
    received_on = e2e_last_quarter.start - timedelta(days=40)
    for number in range(6):
        client = ClientFactory(team=e2e_team)
        referral = ReferralFactory(
            client=client,
            received_on=received_on,
            decision="accepted",
            decided_on=received_on,
            decided_by=client.created_by,
            created_by=client.created_by,
        )
        EpisodeFactory(
            client=client,
            referral=referral,
            accepted_on=received_on,
            started_on=e2e_last_quarter.start - timedelta(days=30 - number),
        )
        for day in range(number + 1):
            ContactFactory(
                client=client, recorded_by=e2e_worker, occurred_at=at(e2e_last_quarter.start + timedelta(days=day * 7))
            )


@pytest.fixture
def e2e_report_worker(settings) -> Iterator[str]:
    queue = f"test-reports-{uuid.uuid4().hex[:12]}"
    settings.REPORTS_TASK_QUEUE = queue
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", queues=[queue]):
        yield queue
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete(queue, f"_kombu.binding.{queue}")


def test_it_lets_a_manager_build_check_and_download_a_quarterly_report(
    page: Page, e2e_manager, e2e_password, e2e_caseload, e2e_last_quarter, e2e_report_worker, tmp_path
):
    sign_in(page, email=e2e_manager.email, password=e2e_password)
    nav_link(page, "Commissioner reports").click()
    assert_no_serious_accessibility_violations(page)

    page.get_by_role("link", name="New report").click()
    expect(page.get_by_label("Reporting period")).to_have_value(e2e_last_quarter.key)
    page.get_by_role("button", name="Check the records").click()
    expect(page.get_by_text("People supported with equality monitoring not complete")).to_be_visible()
    assert_no_serious_accessibility_violations(page)
    page.set_viewport_size(TABLET)
    screenshot(page, "reports-checklist-tablet")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_label(re.compile("Build the report anyway")).check()
    page.get_by_role("button", name="Build the report").click()
    download_pdf = page.get_by_role("link", name="Download the PDF")
    expect(download_pdf).to_be_visible(timeout=90_000)  # htmx polls until the worker has built it
    assert_no_serious_accessibility_violations(page)
    screenshot(page, "reports-run")

    with page.expect_download() as pdf_download:
        download_pdf.click()
    pdf_path = tmp_path / "report.pdf"
    pdf_download.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Download the CSV files (zip)").click()
    csv_path = tmp_path / "report.zip"
    csv_download.value.save_as(csv_path)
    assert "01-referrals.csv" in zipfile.ZipFile(csv_path).namelist()

    page.get_by_role("link", name="Check it on screen").click()
    expect(page.get_by_role("heading", name="5. Contacts and did not attend")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^Contacts 21"))).to_be_visible()
    assert_no_serious_accessibility_violations(page)
    page.set_viewport_size(TABLET)
    screenshot(page, "reports-preview-tablet")

    assert list(ReportDownload.objects.order_by("id").values_list("kind", flat=True)) == ["pdf", "csv", "preview"]


def test_it_lets_a_manager_set_a_target_and_add_a_case_study(page: Page, e2e_manager, e2e_password):
    sign_in(page, email=e2e_manager.email, password=e2e_password)
    nav_link(page, "Commissioner reports").click()

    page.get_by_role("link", name="Report settings and targets").click()
    assert_no_serious_accessibility_violations(page)
    page.get_by_label("Planned move-on, % of exits").fill("80")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_text("Report settings saved.")).to_be_visible()

    page.get_by_role("link", name="Case studies").click()
    page.get_by_label("Title").fill("A home of her own")
    page.get_by_label("The story, anonymised").fill(
        "“A” came to us from hospital, unsure she would manage a flat. Six months on she holds her own tenancy."
    )
    page.get_by_label("Consent given on").fill("2026-09-01")
    page.get_by_label(re.compile("The person has agreed")).check()
    page.get_by_role("button", name="Add the case study").click()
    expect(page.get_by_role("heading", name="A home of her own")).to_be_visible()
    assert_no_serious_accessibility_violations(page)
