"""In-app notifications: sent once per dedupe key, listed, opened (marked read) and counted in the navigation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role
from recovery.core.models import Notification
from recovery.core.selectors import unread_notification_count
from recovery.core.services import notification_send


@pytest.fixture
def colleague_of_worker(team):
    return staff_with_role(Role.WORKER, team=team)


def _send(user, key="test:1", url="/"):
    return notification_send(recipient=user, title="A safeguarding concern was raised", url=url, dedupe_key=key)


def test_it_sends_a_notification(worker):
    notification, created = _send(worker)

    assert created
    assert (notification.recipient, notification.is_read) == (worker, False)


def test_it_sends_nothing_twice_for_the_same_key(worker):
    first, _ = _send(worker)

    second, created = _send(worker)

    assert (second.pk, created) == (first.pk, False)
    assert Notification.objects.count() == 1


def test_it_counts_unread_notifications_for_the_badge(worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _send(worker, "a")
        _send(worker, "b")

    assert unread_notification_count(worker) == 2


def test_it_shows_the_unread_count_beside_notifications_in_the_navigation(
    worker, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _send(worker)

    body = client_for(worker).get(reverse("home")).content.decode()

    assert '1<span class="visually-hidden"> unread</span>' in body


def test_it_lists_the_users_notifications(worker, client_for):
    _send(worker)

    response = client_for(worker).get(reverse("notifications"))

    assert [n.title for n in response.context["notifications"]] == ["A safeguarding concern was raised"]


def test_it_shows_an_empty_list_with_what_to_expect(worker, client_for):
    body = client_for(worker).get(reverse("notifications")).content.decode()

    assert "You have no notifications." in body


def test_it_marks_a_notification_read_when_opened_and_goes_to_it(
    worker, client_for, django_capture_on_commit_callbacks
):
    notification, _ = _send(worker, url="/caseload/")
    http = client_for(worker)
    http.get(reverse("home"))  # caches the badge figure

    with django_capture_on_commit_callbacks(execute=True):
        response = http.get(reverse("notification_open", args=[notification.code]))

    notification.refresh_from_db()
    assert response["Location"] == "/caseload/"
    assert notification.is_read
    assert unread_notification_count(worker) == 0


def test_it_answers_404_for_someone_elses_notification(worker, colleague_of_worker, client_for):
    notification, _ = _send(colleague_of_worker)

    assert client_for(worker).get(reverse("notification_open", args=[notification.code])).status_code == 404


def test_it_does_not_follow_a_link_to_another_site(worker, client_for):
    notification, _ = _send(worker, url="https://evil.example/")

    response = client_for(worker).get(reverse("notification_open", args=[notification.code]))

    assert response["Location"] == reverse("notifications")


def test_it_marks_all_read(worker, client_for):
    _send(worker, "a")
    _send(worker, "b")

    client_for(worker).post(reverse("notifications_read"))

    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_it_refuses_to_mark_all_read_with_a_get(worker, client_for):
    assert client_for(worker).get(reverse("notifications_read")).status_code == 405


def test_it_asks_anonymous_visitors_to_sign_in(client, db):
    assert client.get(reverse("notifications")).status_code == 302
