"""The client timeline: contacts merged with referral and episode events, newest first, in pages."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from clients import services
from clients.models import Contact
from clients.selectors import client_timeline
from recovery.audit.models import RecordAccess

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _fixed_today():
    with time_machine.travel(NOW):
        yield


def _timeline(client) -> str:
    return reverse("clients:timeline", args=[client.code])


def test_it_merges_contacts_with_referral_and_episode_events_newest_first(
    make_client, worker, team, log_contact, at_noon
):
    client = make_client(team, by=worker)
    today = NOW.date()
    referral = services.referral_create(
        client=client, source="gp", received_on=today - timedelta(days=12), reason="Low mood", by=worker
    )
    services.referral_decide(referral=referral, decision="accepted", decided_on=today - timedelta(days=11), by=worker)
    services.episode_start(episode=referral.episode, started_on=today - timedelta(days=10), by=worker)
    log_contact(client, worker, occurred_at=at_noon(0) - timedelta(hours=2), note="First visit at home.")
    log_contact(client, worker, occurred_at=NOW - timedelta(hours=1), outcome="did_not_attend", note="")

    entries = client_timeline(client=client)

    assert [(entry.source, entry.title) for entry in entries] == [
        ("contact", "Face to face: did not attend"),
        ("contact", "Face to face: attended"),
        ("referral", "Support started"),
        ("referral", "Referral received"),
    ]
    assert entries == sorted(entries, reverse=True)


def test_it_marks_late_and_amended_contacts_on_the_timeline(make_client, worker, team, log_contact):
    client = make_client(team, by=worker)
    contact = log_contact(client, worker, occurred_at=NOW - timedelta(days=3))
    services.contact_amend(contact=contact, note="Added the GP's name.", reason="Missing detail", by=worker)

    [entry] = client_timeline(client=client)

    assert entry.title == "Face to face: attended (late entry) (amended)"


def test_it_shows_the_timeline_page(client_for, worker, make_client, team, log_contact):
    client = make_client(team, by=worker)
    log_contact(client, worker, note="Planned the week together.")

    response = client_for(worker).get(_timeline(client))

    assert response.status_code == 200
    assert "Planned the week together." in response.content.decode()
    assert response.context["has_more"] is False


def test_it_says_what_to_do_when_the_timeline_is_empty(client_for, worker, make_client, team):
    html = client_for(worker).get(_timeline(make_client(team, by=worker))).content.decode()

    assert "Nothing has been recorded yet. Log a contact to start the timeline." in html


def _log_120(client, worker, log_contact, *, tied: range = range(0)) -> list[Contact]:
    """120 contacts, one a minute from yesterday afternoon back; those at positions in ``tied``
    are all logged at the same instant."""
    newest = NOW - timedelta(days=1)
    same_instant = newest - timedelta(minutes=tied.start) if tied else None
    return [
        log_contact(
            client,
            worker,
            occurred_at=same_instant if position in tied else newest - timedelta(minutes=position),
            note=f"Contact {position}",
        )
        for position in range(120)
    ]


@pytest.fixture
def busy_client(make_client, worker, team, log_contact):
    """120 contacts a minute apart, and no referral events."""
    client = make_client(team, by=worker)
    _log_120(client, worker, log_contact)
    return client


@pytest.fixture
def tied_client(make_client, worker, team, log_contact):
    """120 contacts, 16 of them at the same instant across the first page boundary (positions 45-60)."""
    client = make_client(team, by=worker)
    contacts = _log_120(client, worker, log_contact, tied=range(44, 60))
    # Codes are random in real life; fix them within the tie so the test is deterministic: the
    # first-logged contact has the highest code. Pagination must be right whatever the codes are.
    for rank, contact in enumerate(contacts[44:60]):
        Contact.objects.filter(pk=contact.pk).update(code=uuid.UUID(int=2**127 - rank))
    return client


def _pages(browser, client) -> list[list[str]]:
    """Follow "Show older entries" from the first page to the last, as htmx would."""
    response = browser.get(_timeline(client))
    pages = [[entry.entry_id for entry in response.context["entries"]]]
    while response.context["has_more"]:
        query = {key: values[0] for key, values in parse_qs(response.context["next_query"]).items()}
        response = browser.get(_timeline(client), query, HTTP_HX_REQUEST="true")
        pages.append([entry.entry_id for entry in response.context["entries"]])
        assert len(pages) < 10, "the timeline never ended"
    return pages


def test_it_pages_the_timeline_50_at_a_time(client_for, worker, busy_client):
    pages = _pages(client_for(worker), busy_client)

    assert [len(page) for page in pages] == [50, 50, 20]


def test_it_pages_without_gaps_or_repeats(client_for, worker, busy_client):
    pages = _pages(client_for(worker), busy_client)

    shown = [entry_id for page in pages for entry_id in page]
    expected = [str(code) for code in Contact.objects.filter(client=busy_client).values_list("code", flat=True)]
    assert len(shown) == len(set(shown)), "an entry was shown twice"
    assert sorted(shown) == sorted(expected), f"missing: {len(set(expected) - set(shown))}"


def test_it_pages_contacts_logged_at_the_same_instant_across_a_page_boundary(client_for, worker, tied_client):
    pages = _pages(client_for(worker), tied_client)

    shown = [entry_id for page in pages for entry_id in page]
    expected = [str(code) for code in Contact.objects.filter(client=tied_client).values_list("code", flat=True)]
    assert [len(page) for page in pages] == [50, 50, 20]
    assert len(shown) == len(set(shown)), "an entry was shown twice"
    assert sorted(shown) == sorted(expected), f"missing: {len(set(expected) - set(shown))}"


def test_it_answers_show_older_with_the_partial(client_for, worker, busy_client):
    browser = client_for(worker)
    first = browser.get(_timeline(busy_client))
    query = {key: values[0] for key, values in parse_qs(first.context["next_query"]).items()}

    response = browser.get(_timeline(busy_client), query, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<li class="list-group-item app-timeline-entry')
    assert "<html" not in html
    assert 'id="timeline-more"' in html


def test_it_works_as_a_plain_link_without_htmx(client_for, worker, busy_client):
    browser = client_for(worker)
    first = browser.get(_timeline(busy_client))

    response = browser.get(f"{_timeline(busy_client)}?{first.context['next_query']}")

    assert "<html" in response.content.decode()
    assert len(response.context["entries"]) == 50


def test_it_reads_the_timeline_in_the_same_queries_for_1_or_60_contacts(
    client_for, worker, open_client_for, team, log_contact, queries_for
):
    # Queries, whatever the number of contacts (17 today):
    #  1. session  2. user  3-5. allauth user session: read, user, "last seen" update
    #  6. the client (+ team, service, lead worker)  7. memberships (scope)  8. access log insert
    #  9. contacts (+ recorded by, amendment count)  10. referrals (+ episode)
    # 11-12. current episode (then the latest if none is current)  13. advance statement
    # 14. did-not-attend flags  15. restricted flags  16. session save
    # (+ one per timeline or flag source other apps register)
    client = open_client_for(worker, team)
    browser = client_for(worker)
    log_contact(client, worker, occurred_at=NOW - timedelta(days=2))
    _, one = queries_for(browser, _timeline(client))
    for minutes in range(59):
        log_contact(client, worker, occurred_at=NOW - timedelta(days=1, minutes=minutes))

    response, sixty = queries_for(browser, _timeline(client))

    assert len(response.context["entries"]) == 50
    assert len(sixty) == len(one), "\n".join(sixty)
    assert len(sixty) <= 20


def test_it_answers_another_teams_timeline_with_404(client_for, other_worker, make_client, team, worker):
    assert client_for(other_worker).get(_timeline(make_client(team, by=worker))).status_code == 404


def test_it_refuses_a_post_to_the_timeline(client_for, worker, make_client, team):
    assert client_for(worker).post(_timeline(make_client(team, by=worker))).status_code == 405


# --- recent activity on the client page (loaded by htmx) ----------------------------------------------


def _recent(client) -> str:
    return reverse("clients:recent_activity", args=[client.code])


def test_it_loads_the_ten_newest_entries_into_the_client_page(client_for, worker, busy_client):
    response = client_for(worker).get(_recent(busy_client), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert len(response.context["timeline"]) == 10
    assert b"<html" not in response.content


def test_it_logs_the_recent_activity_as_a_view_of_the_record(client_for, worker, busy_client):
    client_for(worker).get(_recent(busy_client), HTTP_HX_REQUEST="true")

    assert RecordAccess.objects.filter(subject_code=busy_client.code, detail="recent activity").count() == 1


def test_it_sends_a_plain_request_for_recent_activity_to_the_full_timeline(client_for, worker, busy_client):
    response = client_for(worker).get(_recent(busy_client))

    assert (response.status_code, response.url) == (302, _timeline(busy_client))


def test_it_answers_another_teams_recent_activity_with_404(client_for, other_worker, make_client, team, worker):
    client = make_client(team, by=worker)

    assert client_for(other_worker).get(_recent(client), HTTP_HX_REQUEST="true").status_code == 404
    assert client_for(other_worker).get(_recent(client)).status_code == 404


def test_it_refuses_a_post_to_recent_activity(client_for, worker, make_client, team):
    assert client_for(worker).post(_recent(make_client(team, by=worker))).status_code == 405


def test_it_lets_a_read_only_colleague_see_recent_activity(client_for, read_only, busy_client):
    assert client_for(read_only).get(_recent(busy_client), HTTP_HX_REQUEST="true").status_code == 200
