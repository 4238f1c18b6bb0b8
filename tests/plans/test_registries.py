"""What plans put into the core registries: reminders, caseload flags, next due dates, timeline, tabs."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from plans import selectors, services
from plans.factories import PlanFactory, PlanReviewFactory
from recovery.core.registries import (
    caseload_flag_sources,
    client_due_date_sources,
    client_tabs,
    contact_form_extensions,
    merged_timeline,
    reminder_sources,
    timeline_sources,
)

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
TODAY = date(2026, 3, 10)


@pytest.fixture
def started_long_ago(open_client_for, worker, team):
    """An open client who started support 60 days before NOW (the service wants a plan within 28)."""
    with time_machine.travel(NOW, tick=False):
        return open_client_for(worker, team, started_on=TODAY - timedelta(days=60))


def _flags(client, key):
    return [flag for flag in selectors.plan_flags(client_ids=[client.pk]).get(client.pk, []) if flag.key == key]


# --- reminders -------------------------------------------------------------------------------------


def test_it_reminds_the_lead_worker_of_a_plan_review(agreed_plan, client_record, worker):
    plan = agreed_plan()

    items = selectors.plan_review_due_items(today=timezone.localdate(), until=plan.review_due_on)

    assert [
        (item.source, item.item_key, item.due_on, item.responsible_user_id, item.client_code) for item in items
    ] == [("plan_review", str(plan.code), plan.review_due_on, worker.pk, client_record.code)]


def test_it_names_the_client_and_links_the_plan_in_a_review_reminder(agreed_plan, client_record):
    plan = agreed_plan()

    (item,) = selectors.plan_review_due_items(today=timezone.localdate(), until=plan.review_due_on)

    assert (item.title, item.url, item.team_id) == (
        "Support plan review for Carys Hughes",
        reverse("plans:plan_detail", args=[client_record.code, plan.code]),
        client_record.team_id,
    )


def test_it_leaves_out_reviews_not_yet_due(agreed_plan):
    plan = agreed_plan()

    assert (
        selectors.plan_review_due_items(today=timezone.localdate(), until=plan.review_due_on - timedelta(days=1)) == []
    )


def test_it_includes_overdue_reviews(agreed_plan):
    plan = agreed_plan()

    items = selectors.plan_review_due_items(
        today=plan.review_due_on + timedelta(days=30), until=plan.review_due_on + timedelta(days=37)
    )

    assert [item.item_key for item in items] == [str(plan.code)]


def test_it_does_not_remind_about_drafts(draft_plan):
    draft_plan()

    assert selectors.plan_review_due_items(today=timezone.localdate(), until=date(2099, 1, 1)) == []


def test_it_reminds_about_a_step_due(draft_plan, agree, worker):
    plan = draft_plan()
    step = plan.goals.get().steps.get()
    services.step_update(
        step=step,
        by=worker,
        description=step.description,
        owner="client",
        due_on=timezone.localdate() + timedelta(days=3),
    )
    agree(plan, worker)

    items = selectors.step_due_items(today=timezone.localdate(), until=timezone.localdate() + timedelta(days=7))

    assert [(item.source, item.item_key, item.responsible_user_id) for item in items] == [
        ("plan_step", str(step.code), worker.pk)
    ]


def test_it_does_not_remind_about_a_step_that_is_done(draft_plan, agree, worker):
    plan = draft_plan()
    step = plan.goals.get().steps.get()
    services.step_update(
        step=step, by=worker, description=step.description, owner="client", due_on=timezone.localdate()
    )
    agree(plan, worker)
    services.step_set_status(step=step, by=worker, status="done")

    assert selectors.step_due_items(today=timezone.localdate(), until=timezone.localdate() + timedelta(days=7)) == []


def test_it_asks_one_query_for_each_reminder_source(agreed_plan, django_assert_num_queries):
    agreed_plan()

    with django_assert_num_queries(1):
        selectors.plan_review_due_items(today=timezone.localdate(), until=date(2099, 1, 1))
    with django_assert_num_queries(1):
        selectors.step_due_items(today=timezone.localdate(), until=date(2099, 1, 1))


def test_it_registers_both_reminder_sources():
    assert {"plan_review", "plan_step"} <= set(reminder_sources.keys())


# --- caseload flags ----------------------------------------------------------------------------------


def test_it_flags_no_agreed_plan_after_the_services_days(started_long_ago):
    with time_machine.travel(NOW, tick=False):
        assert [flag.label for flag in _flags(started_long_ago, "no_agreed_plan")] == ["No agreed plan"]


def test_it_does_not_flag_a_new_client_without_a_plan_yet(open_client_for, worker, team):
    with time_machine.travel(NOW, tick=False):
        client = open_client_for(worker, team, started_on=TODAY - timedelta(days=10))

        assert _flags(client, "no_agreed_plan") == []


def test_it_does_not_flag_a_client_with_an_agreed_plan(agreed_plan, client_record):
    agreed_plan()

    assert _flags(client_record, "no_agreed_plan") == []


def test_it_still_flags_a_client_with_only_a_draft(started_long_ago, draft_plan):
    with time_machine.travel(NOW, tick=False):
        draft_plan(client=started_long_ago)

        assert len(_flags(started_long_ago, "no_agreed_plan")) == 1


def test_it_flags_an_overdue_review(agreed_plan, client_record):
    plan = agreed_plan()

    with time_machine.travel(plan.review_due_on + timedelta(days=2), tick=False):
        assert [flag.label for flag in _flags(client_record, "plan_review_overdue")] == ["Support plan review overdue"]


def test_it_does_not_flag_a_review_on_its_due_day(agreed_plan, client_record):
    plan = agreed_plan()

    with time_machine.travel(
        datetime.combine(plan.review_due_on, datetime.min.time(), tzinfo=LONDON) + timedelta(hours=12), tick=False
    ):
        assert _flags(client_record, "plan_review_overdue") == []


def test_it_flags_a_plan_awaiting_sign_off(agreed_plan, client_record, service, manager):
    services.plan_settings_update(
        service=service, by=manager, early_warning_threshold=3, early_warning_window_days=14,
        sign_off_required=True, life_areas=["Everyday living skills"],
        crisis_contacts=[{"name": "Samaritans", "phone": "116 123"}],
    )  # fmt: skip
    agreed_plan()

    assert [flag.label for flag in _flags(client_record, "plan_sign_off")] == ["Plan awaiting sign-off"]


def test_it_works_out_plan_flags_for_many_clients_in_one_query(
    open_client_for, worker, team, django_assert_num_queries
):
    ids = [open_client_for(worker, team).pk for _ in range(5)]

    with django_assert_num_queries(1):
        selectors.plan_flags(client_ids=ids)


def test_it_works_out_early_warning_flags_for_many_clients_in_one_query(
    open_client_for, worker, team, django_assert_num_queries
):
    ids = [open_client_for(worker, team).pk for _ in range(5)]

    with django_assert_num_queries(1):
        selectors.early_warning_flags(client_ids=ids)


def test_it_registers_both_caseload_flag_sources():
    assert {"plans", "early_warning"} <= set(caseload_flag_sources.keys())


# --- next due date -------------------------------------------------------------------------------------


def test_it_gives_the_next_review_as_the_clients_next_due_date(agreed_plan, client_record):
    plan = agreed_plan()

    due = selectors.plan_next_due(client_ids=[client_record.pk])[client_record.pk]

    assert (due.label, due.due_on) == ("Support plan review", plan.review_due_on)


def test_it_gives_the_date_a_plan_is_due_to_be_agreed_by(open_client_for, worker, team, service):
    with time_machine.travel(NOW, tick=False):
        client = open_client_for(worker, team, started_on=TODAY - timedelta(days=5))

        due = selectors.plan_next_due(client_ids=[client.pk])[client.pk]

    assert (due.label, due.due_on) == (
        "Support plan to agree",
        TODAY - timedelta(days=5) + timedelta(days=service.plan_due_within_days),
    )


def test_it_works_out_next_due_dates_in_one_query(open_client_for, worker, team, django_assert_num_queries):
    ids = [open_client_for(worker, team).pk for _ in range(5)]

    with django_assert_num_queries(1):
        selectors.plan_next_due(client_ids=ids)


def test_it_shows_the_plan_review_in_the_caseloads_next_due_column(agreed_plan, client_record, worker, client_for):
    plan = agreed_plan()

    row = next(
        row
        for row in client_for(worker).get(reverse("clients:caseload")).context["rows"]
        if row.client.pk == client_record.pk
    )

    assert row.next_due.due_on <= plan.review_due_on


def test_it_registers_the_next_due_date_source():
    assert "plan_review" in client_due_date_sources


# --- timeline ------------------------------------------------------------------------------------------


def test_it_puts_an_agreed_plan_on_the_timeline(agreed_plan, client_record):
    plan = agreed_plan()

    entries = selectors.plan_timeline_entries(client=client_record, before=None, limit=10)

    assert [(entry.title, entry.url) for entry in entries] == [
        (
            "Support and recovery plan agreed (version 1)",
            reverse("plans:plan_detail", args=[client_record.code, plan.code]),
        )
    ]


def test_it_puts_a_review_on_the_timeline_with_the_clients_view(agreed_plan, client_record, worker):
    plan = agreed_plan()
    services.plan_review_record(
        plan=plan, by=worker, expected_version=plan.version, reviewed_on=timezone.localdate(), kind="scheduled",
        outcome="continue", client_view="Going well.",
    )  # fmt: skip

    entries = selectors.plan_timeline_entries(client=client_record, before=None, limit=10)

    assert (entries[0].title, entries[0].summary) == (
        "Support and recovery plan reviewed (version 1)",
        "The client's view: Going well.",
    )


def test_it_keeps_to_entries_at_or_before_the_cursor(agreed_plan, client_record):
    plan = agreed_plan()

    at = selectors.plan_timeline_entries(client=client_record, before=plan.agreed_at, limit=10)
    before = selectors.plan_timeline_entries(
        client=client_record, before=plan.agreed_at - timedelta(seconds=1), limit=10
    )

    assert (len(at), len(before)) == (1, 0)


def test_it_keeps_to_the_limit_newest_first(agreed_plan, client_record, worker, agree):
    first = agreed_plan()
    agree(services.plan_new_version(plan=first, by=worker), worker)

    entries = selectors.plan_timeline_entries(client=client_record, before=None, limit=1)

    assert [entry.title for entry in entries] == ["Support and recovery plan agreed (version 2)"]


def test_it_reads_the_timeline_in_one_query(agreed_plan, client_record, django_assert_num_queries):
    agreed_plan()

    with django_assert_num_queries(1):
        selectors.plan_timeline_entries(client=client_record, before=None, limit=50)


def test_it_merges_plan_entries_into_the_client_timeline(agreed_plan, client_record):
    agreed_plan()

    assert "plan" in {entry.source for entry in merged_timeline(client=client_record, limit=50)}
    assert "plan" in timeline_sources


# --- tabs and the contact form ----------------------------------------------------------------------


def test_it_adds_a_plans_tab_to_the_client_page():
    tab = client_tabs.get("plans")

    assert (tab.label, tab.url_name, tab.order) == ("Plans", "plans:client_plans", 15)


def test_it_adds_early_warning_signs_to_the_contact_form():
    assert contact_form_extensions.get("early_warning_signs").template == "plans/partials/contact_signs.html"


def test_it_keeps_to_the_limit_with_many_reviews(client_record):
    plan = PlanFactory(client=client_record, agreed=True)
    PlanReviewFactory.create_batch(30, plan=plan)

    entries = selectors.plan_timeline_entries(client=client_record, before=None, limit=20)

    assert len(entries) == 20
    assert entries == sorted(entries, reverse=True)
