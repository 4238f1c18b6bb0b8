"""Automatic builds: last quarter's report on each service's chosen day, once, and an e-mail to the
managers with a link and never the file."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from recovery.reports import services
from recovery.reports.models import ReportRun, RunStatus
from recovery.reports.tasks import build_report, build_scheduled_reports


@pytest.fixture
def automatic(definition):
    definition.auto_build = True
    definition.auto_build_day = 10
    definition.save()
    return definition


@pytest.mark.django_db
def test_it_queues_last_quarters_report_on_the_build_day(automatic, django_capture_on_commit_callbacks):
    with time_machine.travel(date(2026, 10, 10)), django_capture_on_commit_callbacks(execute=False):
        build_scheduled_reports.apply()

    run = ReportRun.objects.get()
    assert (run.period_start, run.period_end, run.is_automatic) == (date(2026, 7, 1), date(2026, 9, 30), True)


@pytest.mark.django_db
def test_it_queues_the_quarter_once_however_often_the_schedule_runs(automatic, django_capture_on_commit_callbacks):
    with time_machine.travel(date(2026, 10, 10)), django_capture_on_commit_callbacks(execute=False):
        build_scheduled_reports.apply()
        build_scheduled_reports.apply()

    assert ReportRun.objects.count() == 1


@pytest.mark.django_db
def test_it_builds_nothing_on_another_day(automatic):
    with time_machine.travel(date(2026, 10, 11)):
        build_scheduled_reports.apply()

    assert ReportRun.objects.count() == 0


@pytest.mark.django_db
def test_it_builds_nothing_in_a_month_that_does_not_follow_a_quarter(automatic):
    with time_machine.travel(date(2026, 11, 10)):
        build_scheduled_reports.apply()

    assert ReportRun.objects.count() == 0


@pytest.mark.django_db
def test_it_e_mails_the_manager_a_link_not_the_file(automatic, report_manager, django_capture_on_commit_callbacks):
    with time_machine.travel(date(2026, 10, 10)), django_capture_on_commit_callbacks(execute=False):
        [run] = services.runs_request_automatic(today=date(2026, 10, 10))
    with django_capture_on_commit_callbacks(execute=True):
        build_report.apply(args=[run.pk])

    run.refresh_from_db()
    [message] = mail.outbox
    assert run.status == RunStatus.DONE
    assert message.to == [report_manager.email]
    assert f"/reports/runs/{run.code}/" in message.body
    assert message.attachments == []


@pytest.mark.django_db
def test_it_lists_what_was_incomplete_in_an_automatic_report(automatic, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        [run] = services.runs_request_automatic(today=date(2026, 10, 10))
    build_report.apply(args=[run.pk])

    run.refresh_from_db()
    assert "equality_missing" in [item["key"] for item in run.figures["meta"]["incomplete"]]


@pytest.mark.django_db
def test_it_installs_the_hourly_check_for_automatic_builds():
    call_command("install_schedule", stdout=None)

    task = PeriodicTask.objects.get(name="recovery: reports-automatic")
    assert (task.task, task.interval.every) == ("recovery.reports.tasks.build_scheduled_reports", 3600)
