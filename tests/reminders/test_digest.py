"""The digest e-mail through a real SMTP server: contents, recipients, preferences, once a day,
retried after a refusal, and a constant number of queries per person."""

from __future__ import annotations

import email
from datetime import date, timedelta
from email.message import Message

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Membership, Role
from recovery.reminders.models import DigestFrequency, DigestSend, Reminder, ReminderPreference
from recovery.reminders.selectors import digest_for
from recovery.reminders.services import DigestNotSent, digest_send, reminder_sweep

pytestmark = pytest.mark.django_db


def _sweep_and_send(service) -> list[str]:
    _, digest_ids = reminder_sweep(service_id=service.pk)
    return [digest_send(digest_id=digest_id) for digest_id in digest_ids]


def _parts(message: Message) -> tuple[str, str]:
    text = html = ""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            text = part.get_payload(decode=True).decode().replace("\r\n", "\n")
        elif part.get_content_type() == "text/html":
            html = part.get_payload(decode=True).decode()
    return text, html


def _parsed(smtp) -> list[Message]:
    return [email.message_from_bytes(received.data) for received in smtp.messages]


def test_it_sends_the_worker_one_email_listing_their_items(smtp, only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today, responsible=worker, title="Support plan review for Carys Hughes")
    only_fake_source.item(team=team, due_on=today + timedelta(days=4), responsible=worker, title="Risk review for Dev")

    _sweep_and_send(service)

    assert [received.to for received in smtp.messages] == [[worker.email]]
    text, html = _parts(_parsed(smtp)[0])
    assert "Support plan review for Carys Hughes" in text
    assert "Risk review for Dev" in text
    assert "Support plan review for Carys Hughes" in html


def test_it_groups_items_by_client(smtp, only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today, responsible=worker, title="Plan review", client_label="Zoe Adams")
    only_fake_source.item(team=team, due_on=today, responsible=worker, title="Risk review", client_label="Ali Khan")
    only_fake_source.item(team=team, due_on=today, responsible=worker, title="Alert review", client_label="Zoe Adams")

    _sweep_and_send(service)

    text, _ = _parts(_parsed(smtp)[0])
    ali, zoe = text.index("Ali Khan\n"), text.index("Zoe Adams\n")
    assert ali < text.index("Risk review") < zoe < text.index("Plan review")
    assert text.index("Alert review") > zoe


def test_it_keeps_unnamed_items_apart_from_named_clients(smtp, only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today, responsible=worker, title="Plan review", client_label="Zoe Adams")
    only_fake_source.item(team=team, due_on=today, responsible=worker, title="Safeguarding follow-up")

    _sweep_and_send(service)

    text, _ = _parts(_parsed(smtp)[0])
    assert text.index("Other items") < text.index("Safeguarding follow-up")


def test_it_links_each_item_with_the_site_address(smtp, only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today, responsible=worker, url="/clients/abc/plans/")

    _sweep_and_send(service)

    text, html = _parts(_parsed(smtp)[0])
    assert "https://recovery.example.org/clients/abc/plans/" in text
    assert 'href="https://recovery.example.org/clients/abc/plans/"' in html


def test_it_sends_escalated_items_to_the_team_leader(smtp, only_fake_source, service, team, worker, team_leader, today):
    only_fake_source.item(team=team, due_on=today - timedelta(days=8), responsible=worker, title="Risk review for Ben")

    _sweep_and_send(service)

    assert sorted(received.to[0] for received in smtp.messages) == sorted([worker.email, team_leader.email])
    leader_mail = next(m for m in _parsed(smtp) if m["To"] == team_leader.email)
    assert "ESCALATED" in _parts(leader_mail)[0]


def test_it_sends_nothing_twice_when_the_sweep_runs_again(smtp, only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today, responsible=worker)
    _sweep_and_send(service)

    results = _sweep_and_send(service)

    assert (len(smtp.messages), results) == (1, [])


def test_it_sends_nothing_when_the_same_digest_is_sent_again(smtp, only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today, responsible=worker)
    _, (digest_id,) = reminder_sweep(service_id=service.pk)

    assert (digest_send(digest_id=digest_id), digest_send(digest_id=digest_id)) == ("sent", "sent")
    assert len(smtp.messages) == 1


def test_it_counts_the_emails_on_the_run(smtp, only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today, responsible=worker)
    run, digest_ids = reminder_sweep(service_id=service.pk)

    digest_send(digest_id=digest_ids[0])

    run.refresh_from_db()
    assert run.emails_sent == 1


def test_it_records_a_refused_send_and_sends_it_once_on_retry(smtp, only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today, responsible=worker)
    _, (digest_id,) = reminder_sweep(service_id=service.pk)
    smtp.refuse = True
    with pytest.raises(DigestNotSent):
        digest_send(digest_id=digest_id)
    assert DigestSend.objects.get(pk=digest_id).status == "failed"
    smtp.refuse = False

    digest_send(digest_id=digest_id)
    digest_send(digest_id=digest_id)

    assert len(smtp.messages) == 1
    assert DigestSend.objects.get(pk=digest_id).attempts == 2


def test_it_leaves_out_an_item_about_a_team_the_person_has_left(smtp, only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today, responsible=worker, title="Visible")
    _, (digest_id,) = reminder_sweep(service_id=service.pk)
    Membership.objects.filter(user=worker).delete()

    assert digest_send(digest_id=digest_id) == "nothing"
    assert smtp.messages == []


def test_it_leaves_out_a_restricted_client_whose_allocation_ended_after_the_sweep(
    smtp, only_fake_source, service, team, worker, team_leader, open_client, today
):
    from clients import services as client_services

    client = open_client(worker, team, is_restricted=True)
    only_fake_source.item(team=team, due_on=today, responsible=worker, client_id=client.pk, title="Restricted item")
    _, digest_ids = reminder_sweep(service_id=service.pk)
    allocation = client.allocations.get(worker=worker, ended_at__isnull=True)
    client_services.allocation_end(allocation=allocation, by=team_leader, reason="Moved to another worker")

    for digest_id in digest_ids:
        digest_send(digest_id=digest_id)

    assert [received.to for received in smtp.messages] == []


def test_it_sends_a_weekly_person_nothing_but_overdue_items_on_other_days(
    smtp, only_fake_source, service, team, worker, today
):
    other_day = (today.weekday() + 1) % 7
    ReminderPreference.objects.create(user=worker, frequency=DigestFrequency.WEEKLY, weekday=other_day)
    only_fake_source.item(team=team, due_on=today + timedelta(days=2), responsible=worker, title="Soon")

    _sweep_and_send(service)

    assert smtp.messages == []


def test_it_sends_a_weekly_person_everything_on_their_day(smtp, only_fake_source, service, team, worker, today):
    ReminderPreference.objects.create(user=worker, frequency=DigestFrequency.WEEKLY, weekday=today.weekday())
    only_fake_source.item(team=team, due_on=today + timedelta(days=2), responsible=worker, title="Soon")

    _sweep_and_send(service)

    assert len(smtp.messages) == 1


def test_it_always_sends_overdue_items_even_with_emails_off(smtp, only_fake_source, service, team, worker, today):
    ReminderPreference.objects.create(user=worker, frequency=DigestFrequency.OFF)
    only_fake_source.item(team=team, due_on=today + timedelta(days=2), responsible=worker, title="Soon item")
    only_fake_source.item(team=team, due_on=today - timedelta(days=1), responsible=worker, title="Late item")

    _sweep_and_send(service)

    text, _ = _parts(_parsed(smtp)[0])
    assert "Late item" in text
    assert "Soon item" not in text


def test_it_sends_nothing_to_someone_with_nothing_due(smtp, only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today + timedelta(days=30), responsible=worker)

    _sweep_and_send(service)

    assert smtp.messages == []


def _digest_queries(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        digest_for(user=user, digest_on=date.today())
    return len(queries)


def test_it_builds_a_digest_in_the_same_number_of_queries_for_1_and_40_items(
    only_fake_source, service, team, worker, open_client, today
):
    """Queries: the memberships and the managed services' teams (scope), the clients named and
    the access check on them, the preference, the reminders."""
    colleague = staff_with_role(Role.WORKER, team=team)
    mine, theirs = open_client(worker, team), open_client(colleague, team)
    only_fake_source.item(team=team, due_on=today, responsible=worker, client_id=mine.pk)
    for number in range(40):
        only_fake_source.item(
            team=team, due_on=today, responsible=colleague, client_id=theirs.pk, client_label=f"Client {number}"
        )
    reminder_sweep(service_id=service.pk)
    assert Reminder.objects.filter(recipient=colleague).count() == 40

    one, forty = _digest_queries(worker), _digest_queries(colleague)

    assert one == forty <= 6
    assert digest_for(user=colleague, digest_on=today).count == 40
