"""What the risk app plugs into the core registries (called from RiskConfig.ready)."""

from __future__ import annotations

from recovery.core.registries import (
    CaseloadFlagSource,
    ClientDueDateSource,
    ClientTab,
    ContactDetailPanel,
    NavItem,
    ReminderSource,
    TimelineSource,
    caseload_flag_sources,
    client_due_date_sources,
    client_tabs,
    contact_detail_panels,
    navigation,
    reminder_sources,
    timeline_sources,
)


def contact_panel(request, contact):
    """On a contact's page: escalations from this contact, and links to escalate, raise a
    safeguarding concern or ask for a risk review from it."""
    from clients.access import can_change_client
    from risk.models import Escalation

    escalations = list(
        Escalation.objects.filter(contact=contact).select_related("recorded_by").order_by("-escalated_at")
    )
    client = contact.client
    return {
        "contact": contact,
        "client_code": client.code,
        "escalations": escalations,
        "can_change": can_change_client(request.user, client),
    }


def register_all() -> None:
    from recovery.core.demo import DemoSeeder, demo_seeders
    from risk import bench, demo
    from risk.selectors import registries as sources

    register_report_sections()
    client_tabs.register(ClientTab("risk", "Risk and safety", "risk:client_risk", order=25))
    caseload_flag_sources.register(CaseloadFlagSource("risk", "Alerts, risk and safeguarding", sources.risk_flags))
    client_due_date_sources.register(ClientDueDateSource("risk_review", "Risk review", sources.next_risk_review))
    reminder_sources.register(ReminderSource("risk_review", "Risk review due", sources.review_due_items))
    reminder_sources.register(
        ReminderSource("risk_action", "Risk management plan action due", sources.action_due_items)
    )
    reminder_sources.register(
        ReminderSource("safeguarding_follow_up", "Safeguarding follow-up", sources.safeguarding_follow_up_items)
    )
    reminder_sources.register(ReminderSource("risk_alert_review", "Alert review due", sources.alert_review_items))
    timeline_sources.register(TimelineSource("risk", "Risk and safeguarding", sources.risk_timeline_entries))
    contact_detail_panels.register(
        ContactDetailPanel("risk", "risk/partials/contact_panel.html", contact_panel, order=10)
    )
    navigation.register(
        NavItem(
            "safeguarding",
            "Safeguarding",
            "risk:safeguarding_open",
            visible=lambda scope: scope.is_team_leader,
            order=40,
        )
    )
    demo_seeders.register(DemoSeeder("risk", demo.seed_risk, order=30))
    bench.register_pages()


def register_report_sections() -> None:
    """Commissioner report sections (the report compares them with targets)."""
    from recovery.core.registries import ReportSection, report_sections
    from risk import report_sections as sections

    report_sections.register(
        ReportSection(
            key="risk_assessments",
            title="Risk assessments in date",
            definition=sections.RISK_ASSESSMENTS_DEFINITION,
            compute=sections.risk_assessments_compute,
            csv_rows=sections.risk_assessments_rows,
            template="reports/sections/table.html",
            order=70,
        )
    )
    report_sections.register(
        ReportSection(
            key="risk_reviews",
            title="Risk reviews on time",
            definition=sections.RISK_REVIEWS_DEFINITION,
            compute=sections.risk_reviews_compute,
            csv_rows=sections.risk_reviews_rows,
            template="reports/sections/table.html",
            order=71,
        )
    )
    report_sections.register(
        ReportSection(
            key="safeguarding",
            title="Safeguarding concerns",
            definition=sections.SAFEGUARDING_DEFINITION,
            compute=sections.safeguarding_compute,
            csv_rows=sections.safeguarding_rows,
            template="reports/sections/table.html",
            order=75,
        )
    )
