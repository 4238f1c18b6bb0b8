"""Safeguarding concerns: what a concern needs, closing with an outcome, who sees the details,
and telling the team leader (the task body, eagerly; see test_worker.py for a real worker)."""

from __future__ import annotations

import functools
from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from clients import services as client_services
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role
from recovery.core.models import Notification
from risk import services
from risk.models import ReviewPrompt, SafeguardingNotificationLog
from risk.tasks import notify_safeguarding_concern


def _detail(concern):
    return reverse("risk:concern_detail", args=[concern.client.code, concern.code])


# --- raising -----------------------------------------------------------------------------------


def test_it_records_a_concern_with_its_care_act_categories(person, worker, raise_concern):
    concern = raise_concern(person, worker, categories=["financial", "psychological"])

    assert concern.category_labels() == ["Financial or material abuse", "Psychological or emotional abuse"]
    assert (concern.raised_by, concern.is_open) == (worker, True)


def test_it_needs_at_least_one_category(person, worker, raise_concern):
    with pytest.raises(ValidationError) as error:
        raise_concern(person, worker, categories=[])

    assert error.value.message_dict["categories"] == ["Choose at least one type of concern."]


def test_it_refuses_an_event_date_in_the_future(person, worker, raise_concern):
    with pytest.raises(ValidationError) as error:
        raise_concern(person, worker, occurred_on=timezone.localdate() + timedelta(days=1))

    assert error.value.message_dict["occurred_on"] == [
        "Enter a date on or before today: this records something that has already happened."
    ]


def test_it_asks_about_the_household_when_children_live_there(person, worker, raise_concern):
    with pytest.raises(ValidationError) as error:
        raise_concern(person, worker, children_in_household="yes", household_details="")

    assert "Think Family" in error.value.message_dict["household_details"][0]


def test_it_asks_for_a_risk_review_when_a_concern_is_raised(person, worker, raise_concern):
    raise_concern(person, worker)

    assert ReviewPrompt.objects.get(client=person).source == "safeguarding"


def test_it_enqueues_the_notification_once_after_commit(
    person, worker, raise_concern, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        concern = raise_concern(person, worker)

    # delay_on_commit registers partial(task.delay, ...) to run when the transaction commits.
    enqueued = [
        (callback.func.__self__.name, callback.args)
        for callback in callbacks
        if isinstance(callback, functools.partial) and getattr(callback.func, "__name__", "") == "delay"
    ]
    assert enqueued == [("risk.tasks.notify_safeguarding_concern", (str(concern.code),))]


# --- recording referrals and closing ---------------------------------------------------------------


def _referrals(concern, by, **values):
    concern.refresh_from_db()
    return services.concern_update_referrals(concern=concern, by=by, expected_version=concern.version, **values)


def test_it_records_the_local_authority_referral(person, worker, raise_concern):
    concern = raise_concern(person, worker)

    updated = _referrals(
        concern, worker, la_referral="referred", la_referred_on=timezone.localdate(), la_reference="ASC-123456"
    )

    assert (updated.get_la_referral_display(), updated.la_reference) == (
        "Referred to the local authority",
        "ASC-123456",
    )


def test_it_refuses_a_referral_date_in_the_future(person, worker, raise_concern):
    concern = raise_concern(person, worker)

    with pytest.raises(ValidationError) as error:
        _referrals(concern, worker, la_referral="referred", la_referred_on=timezone.localdate() + timedelta(days=2))

    assert "on or before today" in error.value.message_dict["la_referred_on"][0]


def test_it_refuses_a_decision_before_a_referral(person, worker, raise_concern):
    concern = raise_concern(person, worker)

    with pytest.raises(ValidationError) as error:
        _referrals(
            concern, worker, la_referral="undecided", la_decision="section_42", la_decision_on=timezone.localdate()
        )

    assert error.value.message_dict["la_decision"] == ["Record the referral first: a decision follows a referral."]


def _close(concern, by, **values):
    concern.refresh_from_db()
    return services.concern_close(concern=concern, by=by, expected_version=concern.version, **values)


def test_it_refuses_to_close_a_concern_without_an_outcome(person, worker, team_leader, raise_concern):
    concern = raise_concern(person, worker)
    _referrals(concern, worker, la_referral="not_referred", la_not_referred_reason="Agreed with the team leader.")

    with pytest.raises(ValidationError) as error:
        _close(concern, team_leader, closure_reason="resolved", outcome="   ")

    assert error.value.message_dict["outcome"] == ["Write the outcome: a concern cannot be closed without one."]


def test_it_refuses_to_close_before_the_referral_decision_is_recorded(person, worker, team_leader, raise_concern):
    concern = raise_concern(person, worker)

    with pytest.raises(ValidationError) as error:
        _close(concern, team_leader, closure_reason="resolved", outcome="Card cancelled; visitors have stopped.")

    assert "la_referral" in error.value.message_dict


def test_it_closes_a_concern_with_its_outcome_and_keeps_it(person, worker, team_leader, raise_concern):
    concern = raise_concern(person, worker)
    _referrals(concern, worker, la_referral="not_referred", la_not_referred_reason="Agreed with the team leader.")

    closed = _close(concern, team_leader, closure_reason="resolved", outcome="Card cancelled; visitors have stopped.")

    assert (closed.is_open, closed.closed_by, closed.outcome) == (
        False,
        team_leader,
        "Card cancelled; visitors have stopped.",
    )


# --- who sees the details --------------------------------------------------------------------------


def test_it_shows_the_details_to_the_lead_worker(person, worker, colleague, raise_concern, client_for):
    concern = raise_concern(person, colleague)

    response = client_for(worker).get(_detail(concern))

    assert response.status_code == 200
    assert "Two men staying at the flat took her bank card." in response.content.decode()


def test_it_shows_the_details_to_a_co_worker(person, worker, colleague, team_leader, raise_concern, client_for):
    client_services.allocation_add_coworker(client=person, worker=colleague, by=team_leader)
    concern = raise_concern(person, worker)

    assert client_for(colleague).get(_detail(concern)).status_code == 200


def test_it_shows_the_details_to_the_team_leader(person, worker, team_leader, raise_concern, client_for):
    concern = raise_concern(person, worker)

    assert client_for(team_leader).get(_detail(concern)).status_code == 200


def test_it_shows_the_details_to_the_service_manager(person, worker, manager, raise_concern, client_for):
    concern = raise_concern(person, worker)

    assert client_for(manager).get(_detail(concern)).status_code == 200


def test_it_shows_the_details_to_the_person_who_raised_it(person, worker, colleague, raise_concern, client_for):
    concern = raise_concern(person, colleague)
    client_services.allocation_set_lead(client=person, worker=worker, by=worker)

    assert client_for(colleague).get(_detail(concern)).status_code == 200


def test_it_hides_the_details_from_another_worker_in_the_team_with_a_clear_message(
    person, worker, colleague, raise_concern, client_for
):
    concern = raise_concern(person, worker)

    response = client_for(colleague).get(_detail(concern))

    assert response.status_code == 403
    body = response.content.decode()
    assert "only shown to the client&#x27;s allocated workers, the team leader and the service manager" in body
    assert "bank card" not in body


def test_it_hides_the_details_from_a_read_only_member(person, worker, read_only, raise_concern, client_for):
    concern = raise_concern(person, worker)

    assert client_for(read_only).get(_detail(concern)).status_code == 403


def test_it_hides_the_details_after_the_allocation_ends(
    person, worker, colleague, team_leader, raise_concern, client_for
):
    allocation = client_services.allocation_add_coworker(client=person, worker=colleague, by=team_leader)
    concern = raise_concern(person, worker)
    client_services.allocation_end(allocation=allocation, by=team_leader)

    assert client_for(colleague).get(_detail(concern)).status_code == 403


def test_it_answers_404_to_another_teams_worker(person, worker, other_team_worker, raise_concern, client_for):
    concern = raise_concern(person, worker)

    assert client_for(other_team_worker).get(_detail(concern)).status_code == 404


def test_it_tells_a_colleague_that_a_concern_is_open_without_the_details(
    person, worker, colleague, raise_concern, client_for
):
    raise_concern(person, worker)

    body = client_for(colleague).get(reverse("risk:client_risk", args=[person.code])).content.decode()

    assert "Open safeguarding concern" in body  # the flag in the header
    assert "Only the allocated workers, the team leader and the service manager can see the details" in body
    assert "bank card" not in body
    assert "Financial or material abuse" not in body


def test_it_keeps_the_details_off_the_timeline(person, worker, colleague, raise_concern, client_for):
    raise_concern(person, worker)

    body = client_for(colleague).get(reverse("clients:timeline", args=[person.code])).content.decode()

    assert "Safeguarding concern raised" in body
    assert "bank card" not in body


# --- telling the team leader (the task body) ----------------------------------------------------------


def test_it_notifies_each_team_leader_in_the_app(person, worker, team_leader, team, raise_concern):
    second_leader = staff_with_role(Role.TEAM_LEADER, team=team)
    concern = raise_concern(person, worker)

    notify_safeguarding_concern.apply(args=[str(concern.code)])

    assert set(Notification.objects.values_list("recipient", flat=True)) == {team_leader.pk, second_leader.pk}
    assert Notification.objects.get(recipient=team_leader).url == _detail(concern)


def test_it_emails_each_team_leader_without_the_details(person, worker, team_leader, raise_concern):
    concern = raise_concern(person, worker)

    notify_safeguarding_concern.apply(args=[str(concern.code)])

    [message] = mail.outbox
    assert message.to == [team_leader.email]
    assert f"A safeguarding concern was raised for a client in {person.team}" in message.body
    for detail in ("bank card", person.first_name, person.last_name, "Financial"):
        assert detail not in message.body + message.subject


def test_it_sends_nothing_twice_when_the_task_runs_again(person, worker, team_leader, raise_concern):
    concern = raise_concern(person, worker)

    notify_safeguarding_concern.apply(args=[str(concern.code)])
    notify_safeguarding_concern.apply(args=[str(concern.code)])

    assert Notification.objects.filter(recipient=team_leader).count() == 1
    assert len(mail.outbox) == 1


def test_it_tells_the_service_manager_when_the_team_has_no_leader(person, worker, manager, raise_concern):
    concern = raise_concern(person, worker)

    notify_safeguarding_concern.apply(args=[str(concern.code)])

    assert list(Notification.objects.values_list("recipient", flat=True)) == [manager.pk]


class FailingOnceBackend:
    """An e-mail server that is down for the first message (a stand-in for SMTP, not for our stack)."""

    failures = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        if FailingOnceBackend.failures == 0:
            FailingOnceBackend.failures += 1
            raise SMTPException("421 try again later")
        mail.outbox.extend(messages)
        return len(messages)


def test_it_sends_the_email_on_the_retry_when_the_mail_server_failed(person, worker, team_leader, raise_concern):
    concern = raise_concern(person, worker)
    FailingOnceBackend.failures = 0

    with override_settings(EMAIL_BACKEND="tests.risk.test_safeguarding.FailingOnceBackend"):
        with pytest.raises(SMTPException):
            services.safeguarding_notify(concern_code=str(concern.code))
        assert not SafeguardingNotificationLog.objects.exists()
        services.safeguarding_notify(concern_code=str(concern.code))

    assert len(mail.outbox) == 1
    assert SafeguardingNotificationLog.objects.get().recipient == team_leader


def test_it_does_nothing_for_a_concern_it_cannot_find(db):
    result = notify_safeguarding_concern.apply(args=["6a1c1f0e-8a41-4a55-9b0e-2f7d3c7f9a10"]).get()

    assert result == {"notified": 0, "emailed": 0}
