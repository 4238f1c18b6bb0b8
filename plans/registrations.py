"""What the plans app plugs into the core registries (called from PlansConfig.ready)."""

from __future__ import annotations

from typing import Any

from recovery.core.registries import (
    CaseloadFlagSource,
    ClientDueDateSource,
    ClientTab,
    ContactFormExtension,
    NavItem,
    ReminderSource,
    TimelineSource,
    caseload_flag_sources,
    client_due_date_sources,
    client_tabs,
    contact_form_extensions,
    navigation,
    reminder_sources,
    timeline_sources,
)

SIGNS_FIELD = "early_warning_signs"


def contact_signs_context(client) -> dict[str, Any] | None:
    """The client's own early warning signs to tick on the contact form (nothing if they have none)."""
    from plans.selectors import active_signs

    signs = active_signs(client=client)
    if not signs:
        return None
    return {"client": client, "signs": signs, "field_name": SIGNS_FIELD}


def contact_signs_save(contact, data) -> None:
    from plans.services import signs_observed

    codes = data.getlist(SIGNS_FIELD) if hasattr(data, "getlist") else data.get(SIGNS_FIELD, [])
    signs_observed(contact=contact, by=contact.recorded_by, sign_codes=codes)


def register_all() -> None:
    from plans import selectors
    from plans.demo import register_demo

    register_report_sections()
    client_tabs.register(ClientTab("plans", "Plans", "plans:client_plans", order=15))
    reminder_sources.register(ReminderSource("plan_review", "Support plan reviews", selectors.plan_review_due_items))
    reminder_sources.register(ReminderSource("plan_step", "Steps in support plans", selectors.step_due_items))
    caseload_flag_sources.register(CaseloadFlagSource("plans", "Support plans", selectors.plan_flags))
    caseload_flag_sources.register(
        CaseloadFlagSource("early_warning", "Early warning signs", selectors.early_warning_flags)
    )
    client_due_date_sources.register(ClientDueDateSource("plan_review", "Support plan review", selectors.plan_next_due))
    timeline_sources.register(TimelineSource("plan", "Plans agreed and reviewed", selectors.plan_timeline_entries))
    contact_form_extensions.register(
        ContactFormExtension(
            "early_warning_signs",
            "plans/partials/contact_signs.html",
            context=contact_signs_context,
            save=contact_signs_save,
        )
    )
    navigation.register(
        NavItem(
            "plan_settings",
            "Plan settings",
            "plans:settings_list",
            visible=lambda scope: scope.is_service_manager,
            order=800,
        )
    )
    register_demo()


def register_report_sections() -> None:
    """Commissioner report sections and data-quality checks (the report compares them with targets)."""
    from plans import report_sections as sections
    from recovery.core.registries import DataQualityCheck, ReportSection, data_quality_checks, report_sections

    report_sections.register(
        ReportSection(
            key="plans",
            title="Support plans",
            definition=sections.PLANS_DEFINITION,
            compute=sections.plans_compute,
            csv_rows=sections.plans_rows,
            template="reports/sections/table.html",
            order=60,
        )
    )
    report_sections.register(
        ReportSection(
            key="plan_reviews",
            title="Support plan reviews on time",
            definition=sections.PLAN_REVIEWS_DEFINITION,
            compute=sections.plan_reviews_compute,
            csv_rows=sections.plan_reviews_rows,
            template="reports/sections/table.html",
            order=61,
        )
    )
    data_quality_checks.register(
        DataQualityCheck(
            "plan_review_date",
            "People without an agreed plan or review date by the service's deadline",
            sections.plans_without_review_date_find,
            hint="Agree a support plan with the person; agreeing it sets the review date.",
            order=40,
        )
    )
