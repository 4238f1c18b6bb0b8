"""Safeguarding concerns: raise (and tell the team leader at once), record referrals and
decisions, close with an outcome. Concerns are closed, never deleted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from clients.models import Client, Contact
from recovery.accounts.models import Role, User
from recovery.audit.history import acting
from recovery.core.concurrency import bump_version, lock_current_version
from recovery.core.services import notification_send
from risk.choices import (
    CareActCategory,
    ClosureReason,
    LocalAuthorityDecision,
    LocalAuthorityReferral,
    PromptSource,
    ReferralConsent,
    YesNoUnknown,
)
from risk.models import SafeguardingConcern, SafeguardingNotificationLog, SafeguardingUpdate
from risk.services.assessments import review_prompt_raise
from risk.services.common import clean_text, not_in_future, raise_if


@transaction.atomic
def concern_raise(
    *,
    client: Client,
    by: User,
    categories: Sequence[str],
    what_happened: str,
    who_is_at_risk: str,
    immediate_actions: str,
    children_in_household: str,
    other_adults_in_household: str,
    occurred_on: date | None = None,
    raised_at: datetime | None = None,
    source: str = "",
    household_details: str = "",
    persons_views: str = "",
    referral_consent: str = ReferralConsent.NOT_ASKED,
    contact: Contact | None = None,
) -> SafeguardingConcern:
    """Record a concern, ask for a risk review, and (after commit) notify the team leader."""
    errors = {}
    categories = sorted(set(categories))
    if not categories:
        errors["categories"] = "Choose at least one type of concern."
    elif not set(categories) <= set(CareActCategory.values):
        errors["categories"] = "Choose the types of concern from the list."
    for field, value, message in (
        ("what_happened", what_happened, "Say what happened, or what you saw or were told."),
        ("who_is_at_risk", who_is_at_risk, "Say who is at risk."),
        ("immediate_actions", immediate_actions, "Say what was done straight away to keep people safe."),
    ):
        if not clean_text(value):
            errors[field] = message
    if children_in_household not in YesNoUnknown.values:
        errors["children_in_household"] = "Say whether children live in or visit the household."
    if other_adults_in_household not in YesNoUnknown.values:
        errors["other_adults_in_household"] = "Say whether other adults in the household may be at risk."
    if YesNoUnknown.YES in (children_in_household, other_adults_in_household) and not clean_text(household_details):
        errors["household_details"] = "Think Family: say who else is in the household and how they may be affected."
    if referral_consent not in ReferralConsent.values:
        errors["referral_consent"] = "Say whether the person agreed to a referral."
    if contact is not None and contact.client_id != client.pk:
        errors["contact"] = "That contact belongs to someone else."
    raised_at = raised_at or timezone.now()
    not_in_future(errors, "occurred_on", occurred_on)
    not_in_future(errors, "raised_at", raised_at)
    if (
        occurred_on is not None
        and not {"occurred_on", "raised_at"} & errors.keys()
        and occurred_on > timezone.localdate(raised_at)
    ):
        errors["occurred_on"] = "Enter a date on or before the date the concern was raised."
    raise_if(errors)

    with acting(by):
        concern = SafeguardingConcern.objects.create(
            client=client,
            contact=contact,
            categories=categories,
            what_happened=clean_text(what_happened),
            occurred_on=occurred_on,
            who_is_at_risk=clean_text(who_is_at_risk),
            source=clean_text(source),
            children_in_household=children_in_household,
            other_adults_in_household=other_adults_in_household,
            household_details=clean_text(household_details),
            persons_views=clean_text(persons_views),
            referral_consent=referral_consent,
            immediate_actions=clean_text(immediate_actions),
            raised_by=by,
            raised_at=raised_at,
        )
    review_prompt_raise(
        client=client,
        by=by,
        reason="A safeguarding concern was raised.",
        source=PromptSource.SAFEGUARDING,
        contact=contact,
    )
    from risk.tasks import notify_safeguarding_concern

    # After commit, so the worker finds the row; the code (not the integer id) so that a message
    # meant for one database can never act on another database's concern through a shared broker.
    notify_safeguarding_concern.delay_on_commit(str(concern.code))
    return concern


@transaction.atomic
def concern_update_referrals(
    *,
    concern: SafeguardingConcern,
    by: User,
    expected_version: int,
    la_referral: str,
    la_referred_on: date | None = None,
    la_reference: str = "",
    la_not_referred_reason: str = "",
    la_decision: str = "",
    la_decision_on: date | None = None,
    police_informed_on: date | None = None,
    police_reference: str = "",
    lead_informed_on: date | None = None,
    lead_name: str = "",
) -> SafeguardingConcern:
    """Record the referral to the local authority, the police and the internal safeguarding lead."""
    current = lock_current_version(concern, expected_version=expected_version)
    if current.closed_at is not None:
        raise ValidationError("This concern is closed. Add an update if something new has happened.")
    errors = {}
    if la_referral not in LocalAuthorityReferral.values:
        errors["la_referral"] = "Say whether the concern was referred to the local authority."
    if la_referral == LocalAuthorityReferral.REFERRED and la_referred_on is None:
        errors["la_referred_on"] = "Enter the date of the referral."
    if la_referral == LocalAuthorityReferral.NOT_REFERRED and not clean_text(la_not_referred_reason):
        errors["la_not_referred_reason"] = "Say why the concern was not referred, and who agreed that."
    if la_decision not in LocalAuthorityDecision.values:
        errors["la_decision"] = "Choose the local authority's decision."
    elif la_decision and la_referral != LocalAuthorityReferral.REFERRED:
        errors["la_decision"] = "Record the referral first: a decision follows a referral."
    if la_decision and la_decision_on is None:
        errors["la_decision_on"] = "Enter the date of the decision."
    for field, value in (
        ("la_referred_on", la_referred_on),
        ("la_decision_on", la_decision_on),
        ("police_informed_on", police_informed_on),
        ("lead_informed_on", lead_informed_on),
    ):
        not_in_future(errors, field, value)
    if la_referred_on and la_decision_on and la_decision_on < la_referred_on and "la_decision_on" not in errors:
        errors["la_decision_on"] = "Enter a decision date on or after the date of the referral."
    if lead_informed_on and not clean_text(lead_name):
        errors["lead_name"] = "Name the safeguarding lead who was told."
    raise_if(errors)

    referred = la_referral == LocalAuthorityReferral.REFERRED
    current.la_referral = la_referral
    current.la_referred_on = la_referred_on if referred else None
    current.la_reference = clean_text(la_reference) if referred else ""
    current.la_not_referred_reason = (
        clean_text(la_not_referred_reason) if la_referral == LocalAuthorityReferral.NOT_REFERRED else ""
    )
    current.la_decision = la_decision if referred else ""
    current.la_decision_on = la_decision_on if referred and la_decision else None
    current.police_informed_on, current.police_reference = police_informed_on, clean_text(police_reference)
    current.lead_informed_on, current.lead_name = lead_informed_on, clean_text(lead_name)
    bump_version(current)
    with acting(by):
        current.save()
    current.refresh_from_db()
    return current


@transaction.atomic
def concern_add_update(*, concern: SafeguardingConcern, by: User, note: str) -> SafeguardingUpdate:
    """Add a decision or update to the concern's log (append-only)."""
    if not clean_text(note):
        raise ValidationError({"note": "Write the decision or update."})
    with acting(by):
        return SafeguardingUpdate.objects.create(concern=concern, note=clean_text(note), recorded_by=by)


@transaction.atomic
def concern_close(
    *, concern: SafeguardingConcern, by: User, expected_version: int, closure_reason: str, outcome: str
) -> SafeguardingConcern:
    """Close a concern. Refused without an outcome, or while the referral decision is not recorded."""
    current = lock_current_version(concern, expected_version=expected_version)
    if current.closed_at is not None:
        raise ValidationError("This concern is already closed.")
    errors = {}
    if closure_reason not in ClosureReason.values:
        errors["closure_reason"] = "Choose why the concern is being closed."
    if not clean_text(outcome):
        errors["outcome"] = "Write the outcome: a concern cannot be closed without one."
    if current.la_referral == LocalAuthorityReferral.UNDECIDED:
        errors["la_referral"] = (
            "Record whether the concern was referred to the local authority (or why not) before closing it."
        )
    raise_if(errors)
    current.closed_at, current.closed_by = timezone.now(), by
    current.closure_reason, current.outcome = closure_reason, clean_text(outcome)
    bump_version(current)
    with acting(by):
        current.save()
    current.refresh_from_db()
    return current


# --- telling the team leader ------------------------------------------------------------------


def safeguarding_recipients(*, concern: SafeguardingConcern) -> list[User]:
    """The team leaders of the client's team; if the team has none, the service managers, so a
    concern is never raised into silence."""
    team = concern.client.team
    leaders = list(
        User.objects.filter(is_active=True, memberships__team=team, memberships__role=Role.TEAM_LEADER)
        .distinct()
        .order_by("pk")
    )
    if leaders:
        return leaders
    return list(
        User.objects.filter(
            is_active=True, memberships__service_id=team.service_id, memberships__role=Role.SERVICE_MANAGER
        )
        .distinct()
        .order_by("pk")
    )


def site_url(path: str) -> str:
    """An absolute link for e-mails: SITE_URL if the deployment sets one, else the first allowed host."""
    base = django_settings.SITE_URL
    if not base:
        host = next(
            (h for h in django_settings.ALLOWED_HOSTS if h not in ("*",) and not h.startswith(".")), "localhost"
        )
        base = f"https://{host}"
    return base.rstrip("/") + path


def safeguarding_notify(*, concern_code: str) -> dict[str, int]:
    """Tell each recipient once, in the app and by e-mail. Safe to run twice (or at once in two workers).

    In-app: one Notification per person, deduplicated on "safeguarding:<concern>:<user>".
    E-mail: a SafeguardingNotificationLog row per person is created in the same transaction as the
    send; if sending fails the row is rolled back, so the retry sends it. (If the database fails after
    the mail server accepted the message, the retry sends once more: at least once, never silently lost.)
    """
    concern = (
        SafeguardingConcern.objects.select_related("client__team__service", "raised_by")
        .filter(code=concern_code)
        .first()
    )
    if concern is None:
        return {"notified": 0, "emailed": 0}
    team = concern.client.team
    path = reverse("risk:concern_detail", args=[concern.client.code, concern.code])
    notified = emailed = 0
    for recipient in safeguarding_recipients(concern=concern):
        _, created = notification_send(
            recipient=recipient,
            title=f"Safeguarding concern raised for {concern.client.display_name} ({team})",
            body=f"Raised by {concern.raised_by} on {timezone.localtime(concern.raised_at):%d %b %Y at %H:%M}. "
            "Open it to see the details and record the next steps.",
            url=path,
            dedupe_key=f"safeguarding:{concern.code}:{recipient.pk}",
        )
        notified += created
        if not recipient.email:
            continue
        with transaction.atomic():
            _, created = SafeguardingNotificationLog.objects.get_or_create(
                concern=concern, recipient=recipient, defaults={"emailed_at": timezone.now()}
            )
            if created:
                # The e-mail says only that a concern exists and where to look. E-mail leaves our
                # access controls (forwarding, shared inboxes, phones), so no name, category or
                # detail goes in it: the link leads back through sign-in and the access rules.
                send_mail(
                    subject=f"Recovery: a safeguarding concern was raised in {team}",
                    message=(
                        f"A safeguarding concern was raised for a client in {team}; "
                        f"open Recovery to see it:\n\n{site_url(path)}\n\n"
                        "This e-mail holds no details on purpose. Please do not reply to it."
                    ),
                    from_email=None,
                    recipient_list=[recipient.email],
                )
                emailed += 1
    return {"notified": notified, "emailed": emailed}
