"""Demo data for commissioner reports: a definition per service, two consented case studies, and
last quarter's report already built for each service (bench's report pages open that run)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from recovery.accounts.models import Membership, Role
from recovery.reports import periods
from recovery.reports.models import CaseStudy, ReportRun

CASE_STUDIES = [
    (
        "From hospital to a home of her own",
        "“A” came to us after three months on a ward, unsure she would manage a flat again. With her worker "
        "she made a plan around three things: sleep, money and getting back to her allotment. Six months on she "
        "holds her own tenancy, has cleared her rent arrears and runs the seed swap at the community garden.",
    ),
    (
        "Finding his voice in the peer group",
        "“J” rarely left his room when he moved in and did not want to talk about his plans. A weekly walk "
        "with a peer supporter turned into the men's group, and then into volunteering at the café. He now "
        "co-facilitates the group and says the plan he wrote “is the first one that sounds like me”.",
    ),
]


def seed_reports(context) -> dict[str, int]:
    from recovery.reports.services import case_study_add, definition_for_service, run_build, run_request

    today = timezone.localdate()
    for service in context.services:
        definition = definition_for_service(service=service)
        manager_membership = (
            Membership.objects.filter(role=Role.SERVICE_MANAGER, service=service).select_related("user").first()
        )
        if manager_membership is None:
            continue
        manager = manager_membership.user
        for title, text in CASE_STUDIES:
            if not CaseStudy.objects.filter(service=service, title=title).exists():
                case_study_add(
                    service=service,
                    by=manager,
                    title=title,
                    anonymised_text=text,
                    consent_recorded_on=today - timedelta(days=200),
                )
        if not ReportRun.objects.filter(definition=definition).exists():
            run = run_request(
                definition=definition,
                services=[service],
                period=periods.previous_quarter(today),
                by=manager,
                built_anyway=True,
            )
            run_build(run_id=run.pk)
    return {"report runs": ReportRun.objects.count(), "case studies": CaseStudy.objects.count()}
