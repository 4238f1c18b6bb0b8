"""What the clients app plugs into the core registries (called from ClientsConfig.ready)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from recovery.accounts.access import scope_for
from recovery.core.registries import (
    CaseloadFlag,
    CaseloadFlagSource,
    ClientAccessCheck,
    ClientTab,
    HomePanel,
    NavItem,
    TimelineSource,
    caseload_flag_sources,
    client_access_checks,
    client_tabs,
    home_panels,
    navigation,
    timeline_sources,
)


def client_flags(*, client_ids):
    """Did-not-attend in a row (N is a service setting) and restricted records, in one query."""
    from clients.models import Client

    rows = (
        Client.objects.filter(id__in=client_ids)
        .filter(Q(is_restricted=True) | Q(consecutive_dna__gte=F("team__service__dna_flag_after")))
        .annotate(dna_after=F("team__service__dna_flag_after"))
        .values_list("id", "is_restricted", "consecutive_dna", "dna_after")
    )
    flags = {}
    for client_id, is_restricted, consecutive_dna, dna_after in rows:
        entries = flags.setdefault(client_id, [])
        if consecutive_dna >= dna_after:
            entries.append(
                CaseloadFlag(
                    "dna",
                    f"Did not attend {consecutive_dna} times in a row",
                    severity="warning",
                    hint="Try another way to get in touch, or ask someone in their network.",
                )
            )
        if is_restricted:
            entries.append(CaseloadFlag("restricted", "Restricted record", severity="info"))
    return flags


def visible_client_ids(*, user, client_ids):
    """The clients among ``client_ids`` the user may see in lists (restricted records included), one query."""
    from clients.access import visible_clients

    return visible_clients(user).filter(pk__in=client_ids).values_list("pk", flat=True)


def caseload_panel(request):
    """Home page: the worker's caseload at a glance (one aggregate query), or nothing for non-workers."""
    from clients.selectors import caseload_for_worker

    if not scope_for(request.user).can_change_anything:
        return None
    clients = caseload_for_worker(user=request.user)
    first = clients.select_related(None).values("team__service__not_seen_amber_days").first()
    amber_days = first["team__service__not_seen_amber_days"] if first else 14
    since = timezone.now() - timedelta(days=amber_days)
    counts = clients.aggregate(
        open=Count("id"),
        not_seen=Count("id", filter=Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=since)),
        flagged=Count("id", filter=Q(consecutive_dna__gte=F("team__service__dna_flag_after"))),
    )
    return {**counts, "amber_days": amber_days}


def register_all() -> None:
    from clients import selectors

    home_panels.register(HomePanel("caseload", "clients/partials/home_caseload.html", caseload_panel, order=10))
    timeline_sources.register(TimelineSource("contact", "Contacts", selectors.contact_timeline_entries))
    timeline_sources.register(TimelineSource("referral", "Referrals and episodes", selectors.episode_timeline_entries))
    caseload_flag_sources.register(CaseloadFlagSource("clients", "Did not attend in a row; restricted", client_flags))
    client_access_checks.register(ClientAccessCheck("clients", visible_client_ids))
    navigation.register(
        NavItem(
            "caseload", "My caseload", "clients:caseload", visible=lambda scope: scope.can_change_anything, order=10
        )
    )
    navigation.register(
        NavItem("team", "Team caseload", "clients:team_caseload", visible=lambda scope: scope.is_team_leader, order=20)
    )
    navigation.register(
        NavItem("search", "Find a client", "clients:search", visible=lambda scope: scope.has_clinical_role, order=30)
    )
    # Referrals and episodes, allocation, helpline and café, break-glass and the access log
    from clients.access import can_lead_client

    client_tabs.register(ClientTab("episodes", "Referrals and support", "clients:episodes", order=20))
    client_tabs.register(ClientTab("allocation", "Workers", "clients:allocation", order=30))
    client_tabs.register(
        ClientTab(
            "access_log",
            "Who viewed this record",
            "clients:access_log",
            order=90,
            visible=lambda user, client: can_lead_client(user, client),
        )
    )
    navigation.register(
        NavItem(
            "waiting",
            "Waiting list and referrals",
            "clients:waiting",
            visible=lambda scope: scope.is_team_leader,
            order=25,
        )
    )
    navigation.register(
        NavItem(
            "brief",
            "Helpline and café",
            "clients:brief_list",
            visible=lambda scope: scope.can_change_anything,
            order=35,
        )
    )
    navigation.register(
        NavItem(
            "break_glass",
            "Break-glass access",
            "clients:break_glass_log",
            visible=lambda scope: scope.is_team_leader,
            order=80,
        )
    )
    # Network, consent and advance statements; documents
    client_tabs.register(ClientTab("network", "Network and consent", "clients:network", order=40))
    client_tabs.register(ClientTab("documents", "Documents", "clients:documents", order=50))
    register_report_sections()
    # Demo data and bench pages
    from clients import bench, demo

    demo.register()
    bench.register()


def register_report_sections() -> None:
    """Commissioner report sections and the data-quality checks run before a report is built."""
    from clients import report_sections as sections
    from recovery.core.registries import (
        DataQualityCheck,
        ReportSection,
        data_quality_checks,
        report_sections,
    )

    for key, title, definition, compute, rows, order in (
        (
            "referrals",
            "Referrals",
            sections.REFERRALS_DEFINITION,
            sections.referrals_compute,
            sections.referrals_rows,
            10,
        ),
        (
            "caseload",
            "Starts and caseload",
            sections.CASELOAD_DEFINITION,
            sections.caseload_compute,
            sections.caseload_rows,
            20,
        ),
        (
            "exits",
            "Exits and planned move-on",
            sections.EXITS_DEFINITION,
            sections.exits_compute,
            sections.exits_rows,
            30,
        ),
        (
            "contact_times",
            "Time from referral to first and second contact",
            sections.CONTACT_TIMES_DEFINITION,
            sections.contact_times_compute,
            sections.contact_times_rows,
            40,
        ),
        (
            "contacts",
            "Contacts and did not attend",
            sections.CONTACTS_DEFINITION,
            sections.contacts_compute,
            sections.contacts_rows,
            50,
        ),
        (
            "equality",
            "Equality monitoring",
            sections.EQUALITY_DEFINITION,
            sections.equality_compute,
            sections.equality_rows,
            800,
        ),
    ):
        report_sections.register(
            ReportSection(
                key=key,
                title=title,
                definition=definition,
                compute=compute,
                csv_rows=rows,
                template="reports/sections/table.html",
                order=order,
            )
        )
    data_quality_checks.register(
        DataQualityCheck(
            "equality_missing",
            "People supported with equality monitoring not complete",
            sections.missing_equality_find,
            hint="Ask the person each question when you next meet; “Prefer not to say” is a full answer.",
            order=10,
        )
    )
    data_quality_checks.register(
        DataQualityCheck(
            "episode_end_reason",
            "Support ended without an end reason or move-on destination",
            sections.episode_end_find,
            hint="Open the person's Referrals and support tab and record why support ended and where they moved on to.",
            order=20,
        )
    )
    data_quality_checks.register(
        DataQualityCheck(
            "contact_outcome",
            "Contacts with no outcome",
            sections.contact_outcome_find,
            hint="Open each contact and add an amendment saying whether the person attended.",
            order=30,
        )
    )
