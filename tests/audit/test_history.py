"""Change history (pghistory events with who/where/which request) and the record-access log."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pghistory
import pytest
import time_machine
from django.apps import apps
from django.db import IntegrityError, InternalError, transaction
from django.test import RequestFactory
from django.urls import reverse

from recovery.accounts.factories import UserFactory
from recovery.accounts.models import Role, Team
from recovery.accounts.services import membership_grant, team_create
from recovery.audit.history import acting
from recovery.audit.models import AccessAction, RecordAccess
from recovery.audit.selectors import break_glass_accesses, record_accesses_for_subject
from recovery.audit.services import record_access_log


def _events(model_name: str, obj):
    return apps.get_model("accounts", f"{model_name}Event").objects.filter(pgh_obj=obj).order_by("pgh_id")


def _request(user, *, ip: str = "192.0.2.10", request_id: str = "req-0123456789"):
    request = RequestFactory().get("/clients/x/", REMOTE_ADDR=ip)
    request.user = user
    request.request_id = request_id
    return request


# --- change history ---------------------------------------------------------------------------


def test_it_attributes_a_service_write_to_the_acting_user(service, administrator):
    team = team_create(service=service, name="Riverside Outreach", by=administrator)

    event = _events("Team", team).get()

    assert (event.pgh_label, event.pgh_context.metadata["user"]) == ("insert", administrator.pk)


def test_it_attributes_writes_inside_acting_to_that_user(worker, other_team_same_service, administrator):
    with acting(administrator):
        membership = membership_grant(user=worker, role=Role.WORKER, team=other_team_same_service)

    assert _events("Membership", membership).get().pgh_context.metadata["user"] == administrator.pk


def test_it_keeps_extra_metadata_given_to_acting(service):
    with acting(None, source="seed_demo"):
        team = Team.objects.create(service=service, name="Northgate East")

    metadata = _events("Team", team).get().pgh_context.metadata
    assert (metadata["source"], metadata.get("user")) == ("seed_demo", None)


def test_it_keeps_the_requests_user_when_a_service_is_called_without_by(service, administrator):
    # What AuditContextMiddleware does for every web request, then a view that forgets by=.
    with pghistory.context(user=administrator.pk, url="/teams/new/"):
        team = team_create(service=service, name="Riverside House")

    assert _events("Team", team).get().pgh_context.metadata["user"] == administrator.pk


def test_it_records_an_update_with_the_changed_values(team, administrator):
    with acting(administrator):
        team.name = "Renamed team"
        team.save()

    update = _events("Team", team).filter(pgh_label="update").get()

    assert update.name == "Renamed team"


def test_it_keeps_no_password_hashes_in_the_history(administrator):
    user = UserFactory()

    user.set_password("a-new-password-2026")
    user.save()

    assert not hasattr(_events("User", user).first(), "password")
    assert not _events("User", user).filter(pgh_label="update").exists()


def test_it_records_the_user_url_and_request_id_of_a_web_write(client_for, mfa_administrator, service):
    mfa_administrator.is_superuser = True
    mfa_administrator.save()
    client = client_for(mfa_administrator)

    response = client.post(
        reverse("admin:accounts_team_add"),
        {"service": service.pk, "name": "Northgate Crisis House", "is_active": "on"},
        HTTP_X_REQUEST_ID="lb-7f3a9c2e51",
    )

    assert response.status_code == 302
    team = Team.objects.get(name="Northgate Crisis House")
    metadata = _events("Team", team).get().pgh_context.metadata
    assert metadata == {
        "user": mfa_administrator.pk,
        "url": reverse("admin:accounts_team_add"),
        "request_id": response["X-Request-ID"],
    }
    assert response["X-Request-ID"] == "lb-7f3a9c2e51"


def test_it_gives_a_request_a_fresh_id_when_the_proxy_sends_a_malformed_one(client, db):
    response = client.get(reverse("account_login"), HTTP_X_REQUEST_ID="bad id; drop table")

    assert response["X-Request-ID"] != "bad id; drop table"
    assert len(response["X-Request-ID"]) == 32


# --- record-access log --------------------------------------------------------------------------


def test_it_logs_who_viewed_a_record_from_where_and_in_which_request(worker):
    subject = uuid.uuid4()

    record_access_log(request=_request(worker, ip="192.0.2.10", request_id="req-0123456789"), subject_code=subject)

    row = RecordAccess.objects.get(subject_code=subject)
    assert (row.user, row.action, row.ip_address, row.request_id) == (
        worker,
        AccessAction.VIEWED,
        "192.0.2.10",
        "req-0123456789",
    )


@pytest.mark.parametrize("reason", ["", "   "])
def test_it_refuses_break_glass_access_without_a_reason(worker, reason):
    with pytest.raises(ValueError, match="reason"):
        record_access_log(
            request=_request(worker), subject_code=uuid.uuid4(), action=AccessAction.BREAK_GLASS, reason=reason
        )


def test_it_logs_break_glass_access_with_its_reason(worker):
    row = record_access_log(
        request=_request(worker),
        subject_code=uuid.uuid4(),
        action=AccessAction.BREAK_GLASS,
        reason="  Client in crisis at reception; allocated worker off sick.  ",
    )

    assert row.reason == "Client in crisis at reception; allocated worker off sick."


def test_it_has_the_database_refuse_break_glass_without_a_reason(worker):
    with pytest.raises(IntegrityError), transaction.atomic():
        RecordAccess.objects.create(user=worker, subject_code=uuid.uuid4(), action=AccessAction.BREAK_GLASS)


def test_it_has_the_database_refuse_to_update_an_access_row(worker):
    row = record_access_log(request=_request(worker), subject_code=uuid.uuid4())

    with pytest.raises(InternalError, match="Cannot update or delete"), transaction.atomic():
        RecordAccess.objects.filter(pk=row.pk).update(user=UserFactory())

    row.refresh_from_db()
    assert row.user == worker


def test_it_has_the_database_refuse_to_delete_an_access_row(worker):
    row = record_access_log(request=_request(worker), subject_code=uuid.uuid4())

    with pytest.raises(InternalError, match="Cannot update or delete"), transaction.atomic():
        row.delete()

    assert RecordAccess.objects.filter(pk=row.pk).exists()


def test_it_lists_who_viewed_a_record_newest_first(worker, team_leader, read_only):
    subject = uuid.uuid4()
    started = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with time_machine.travel(started, tick=False) as traveller:
        for user in (worker, team_leader, read_only):
            record_access_log(request=_request(user), subject_code=subject)
            traveller.shift(timedelta(minutes=5))
        record_access_log(request=_request(worker), subject_code=uuid.uuid4())  # another client's record

    viewers = [row.user for row in record_accesses_for_subject(subject_code=subject)]

    assert viewers == [read_only, team_leader, worker]


def test_it_orders_views_at_the_same_instant_newest_row_first(worker, team_leader):
    subject = uuid.uuid4()
    with time_machine.travel(datetime(2026, 11, 23, 9, 0, tzinfo=UTC), tick=False):
        first = record_access_log(request=_request(worker), subject_code=subject)
        second = record_access_log(request=_request(team_leader), subject_code=subject)

    assert list(record_accesses_for_subject(subject_code=subject)) == [second, first]


def test_it_lists_only_break_glass_openings_for_the_team_leader(worker):
    subject = uuid.uuid4()
    record_access_log(request=_request(worker), subject_code=subject)
    opened = record_access_log(
        request=_request(worker), subject_code=subject, action=AccessAction.BREAK_GLASS, reason="Out-of-hours crisis"
    )
    record_access_log(
        request=_request(worker), subject_code=uuid.uuid4(), action=AccessAction.BREAK_GLASS, reason="Another client"
    )

    assert list(break_glass_accesses(subject_codes=[subject])) == [opened]
