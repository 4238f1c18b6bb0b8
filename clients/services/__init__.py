"""Every write to client records. Modules by area; import from here."""

from clients.services.allocations import (
    allocation_add_coworker,
    allocation_end,
    allocation_set_lead,
    caseload_reallocate,
)
from clients.services.clients import StaleEditError, break_glass_open, client_create, client_link, client_update
from clients.services.contacts import (
    brief_contact_convert,
    brief_contact_log,
    contact_amend,
    contact_dispute_add,
    contact_log,
)
from clients.services.referrals import episode_end, episode_start, referral_create, referral_decide

__all__ = [
    "StaleEditError",
    "allocation_add_coworker",
    "allocation_end",
    "allocation_set_lead",
    "break_glass_open",
    "brief_contact_convert",
    "brief_contact_log",
    "caseload_reallocate",
    "client_create",
    "client_link",
    "client_update",
    "contact_amend",
    "contact_dispute_add",
    "contact_log",
    "episode_end",
    "episode_start",
    "referral_create",
    "referral_decide",
]
