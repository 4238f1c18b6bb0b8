"""What the clients app plugs into the core registries (called from ClientsConfig.ready)."""

from __future__ import annotations

from django.db.models import F

from recovery.core.registries import (
    CaseloadFlag,
    CaseloadFlagSource,
    NavItem,
    TimelineSource,
    caseload_flag_sources,
    navigation,
    timeline_sources,
)


def dna_flags(*, client_ids):
    """Clients whose last N contacts in a row were did-not-attend (N is a service setting)."""
    from clients.models import Client

    flagged = Client.objects.filter(
        id__in=client_ids, consecutive_dna__gte=F("team__service__dna_flag_after")
    ).values_list("id", "consecutive_dna")
    return {
        client_id: [
            CaseloadFlag(
                "dna",
                f"Did not attend {count} times in a row",
                severity="warning",
                hint="Try another way to get in touch, or ask someone in their network.",
            )
        ]
        for client_id, count in flagged
    }


def restricted_flags(*, client_ids):
    from clients.models import Client

    return {
        client_id: [CaseloadFlag("restricted", "Restricted record", severity="info")]
        for client_id in Client.objects.filter(id__in=client_ids, is_restricted=True).values_list("id", flat=True)
    }


def register_all() -> None:
    from clients import selectors

    timeline_sources.register(TimelineSource("contact", "Contacts", selectors.contact_timeline_entries))
    timeline_sources.register(TimelineSource("referral", "Referrals and episodes", selectors.episode_timeline_entries))
    caseload_flag_sources.register(CaseloadFlagSource("dna", "Did not attend in a row", dna_flags))
    caseload_flag_sources.register(CaseloadFlagSource("restricted", "Restricted record", restricted_flags))
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
