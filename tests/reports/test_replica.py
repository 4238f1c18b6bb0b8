"""DATABASE_REPLICA_URL: report figures are read from the replica, everything else from the primary."""

from __future__ import annotations

import pytest
from django.conf import settings

from clients.models import Contact
from recovery.reports.models import ReportRun
from recovery.reports.routers import ReportReplicaRouter, replica_reads, report_database


@pytest.fixture
def replica(monkeypatch):
    monkeypatch.setitem(settings.DATABASES, "replica", {**settings.DATABASES["default"]})


def test_it_reads_report_figures_from_the_replica(replica):
    with replica_reads():
        assert ReportReplicaRouter().db_for_read(Contact) == "replica"


def test_it_reads_everything_else_from_the_primary(replica):
    assert ReportReplicaRouter().db_for_read(ReportRun) is None


def test_it_always_writes_to_the_primary(replica):
    with replica_reads():
        assert ReportReplicaRouter().db_for_write(ReportRun) == "default"


def test_it_reads_from_the_primary_when_no_replica_is_set():
    with replica_reads():
        assert ReportReplicaRouter().db_for_read(Contact) is None
    assert report_database() == "default"


def test_it_times_the_sql_on_the_replica_connection(replica):
    assert report_database() == "replica"


def test_it_migrates_only_the_primary():
    assert (
        ReportReplicaRouter().allow_migrate("default", "reports"),
        ReportReplicaRouter().allow_migrate("replica", "reports"),
    ) == (True, False)
