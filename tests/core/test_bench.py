"""``manage.py bench``: timings and query counts per registered page, leaving nothing behind."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command

from recovery.audit.models import RecordAccess


@pytest.fixture
def seeded(db) -> None:
    call_command("seed_demo", stdout=StringIO())


def _bench(*args: str) -> str:
    out = StringIO()
    call_command("bench", *args, stdout=out)
    return out.getvalue()


def test_it_writes_the_results_as_json(seeded, tmp_path):
    path = tmp_path / "b.json"

    _bench("--pages", "login", "home", "--json", str(path), "-n", "3")

    results = json.loads(path.read_text())
    assert [result["name"] for result in results] == ["login", "home"]
    for result in results:
        assert {"name", "p50_ms", "p95_ms", "queries", "sql_ms"} <= result.keys()
        assert result["p95_ms"] >= result["p50_ms"] > 0
    assert results[1]["queries"] > 0  # the home page reads the session, the user and their teams


def test_it_measures_pages_that_answer_successfully(seeded, tmp_path):
    path = tmp_path / "b.json"

    _bench("--pages", "login", "home", "--json", str(path), "-n", "3")

    assert {result["name"]: result["status"] for result in json.loads(path.read_text())} == {"login": 200, "home": 200}


def test_it_leaves_nothing_behind_but_the_signed_in_session(seeded, tmp_path):
    before = (Session.objects.count(), UserSession.objects.count(), RecordAccess.objects.count())

    _bench("--pages", "login", "home", "-n", "3")

    assert (Session.objects.count(), UserSession.objects.count(), RecordAccess.objects.count()) == (
        before[0] + 1,  # the session the worker was signed in with
        before[1],
        before[2],
    )


def test_it_prints_a_table_of_the_pages(seeded):
    output = _bench("--pages", "login", "-n", "3")

    assert output.splitlines()[0].split() == ["page", "p50", "ms", "p95", "ms", "queries", "SQL", "ms", "page/SQL"]
    assert output.splitlines()[1].startswith("login ")


def test_it_refuses_an_unknown_page(seeded):
    with pytest.raises(CommandError, match="no-such-page"):
        _bench("--pages", "no-such-page")


def test_it_lists_the_registered_pages(db):
    output = _bench("--list")

    assert [line.split()[0] for line in output.splitlines()][:2] == ["login", "home"]
