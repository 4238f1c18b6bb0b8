"""The person's network, their consent decisions and their advance statements.

Nothing here is deleted: a network member is made inactive (with when and why), a consent decision is
superseded by a newer decision of the same kind, and a statement is marked not current.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients import choices
from clients.models import AdvanceStatement, Client, ConsentRecord, Document, NetworkMember
from recovery.accounts.models import User
from recovery.audit.history import acting

NETWORK_MEMBER_FIELDS = (
    "relationship",
    "name",
    "organisation",
    "phone",
    "email",
    "address",
    "may_share",
    "consent_given_on",
    "consent_review_on",
)
ADVANCE_STATEMENT_KINDS = dict(AdvanceStatement._meta.get_field("kind").choices)


def _clean(instance, *, exclude: tuple[str, ...] = ()) -> None:
    instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


def _validate_member(member: NetworkMember) -> None:
    errors = {}
    today = timezone.localdate()
    if not member.name.strip():
        errors["name"] = "Enter the person's or organisation's contact name."
    if member.consent_given_on and member.consent_given_on > today:
        errors["consent_given_on"] = "Enter a date on or before today."
    if member.may_share.strip() and not member.consent_given_on:
        errors["consent_given_on"] = "Enter the date the person agreed to share this."
    if member.consent_review_on and not member.may_share.strip():
        errors["may_share"] = "Say what the person agrees we may share, or leave the review date empty."
    if member.consent_given_on and member.consent_review_on and member.consent_review_on < member.consent_given_on:
        errors["consent_review_on"] = "Enter a review date on or after the date consent was given."
    if errors:
        raise ValidationError(errors)


def _strip(fields: dict) -> dict:
    return {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}


@transaction.atomic
def network_member_add(
    *,
    client: Client,
    by: User,
    relationship: str,
    name: str,
    organisation: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    may_share: str = "",
    consent_given_on: date | None = None,
    consent_review_on: date | None = None,
) -> NetworkMember:
    """Add someone to the person's network, with what the person agrees we may share with them."""
    member = NetworkMember(
        client=client,
        recorded_by=by,
        **_strip(
            {
                "relationship": relationship,
                "name": name,
                "organisation": organisation,
                "phone": phone,
                "email": email,
                "address": address,
                "may_share": may_share,
                "consent_given_on": consent_given_on,
                "consent_review_on": consent_review_on,
            }
        ),
    )
    _validate_member(member)
    _clean(member)
    with acting(by):
        member.save()
    return member


@transaction.atomic
def network_member_update(*, member: NetworkMember, by: User, **fields) -> NetworkMember:
    """Change a member's details or what may be shared. ``recorded_by`` stays the first recorder."""
    unknown = set(fields) - set(NETWORK_MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"network_member_update got unexpected fields: {', '.join(sorted(unknown))}")
    member = NetworkMember.objects.select_for_update().get(pk=member.pk)
    if not member.is_active:
        raise ValidationError("This person is no longer in the network, so their details cannot be changed.")
    for name, value in _strip(fields).items():
        setattr(member, name, value)
    _validate_member(member)
    _clean(member)
    with acting(by):
        member.save()
    return member


@transaction.atomic
def network_member_make_inactive(*, member: NetworkMember, by: User, reason: str) -> NetworkMember:
    """Take someone out of the active network. The row stays, with when and why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why this person is no longer part of the network."})
    member = NetworkMember.objects.select_for_update().get(pk=member.pk)
    if not member.is_active:
        return member
    with acting(by):
        member.is_active = False
        member.inactive_since = timezone.now()
        member.inactive_reason = reason[:500]
        member.save(update_fields=["is_active", "inactive_since", "inactive_reason"])
    return member


@transaction.atomic
def consent_record_add(
    *,
    client: Client,
    by: User,
    kind: str,
    decision: str,
    decided_on: date,
    review_on: date | None = None,
    notes: str = "",
) -> ConsentRecord:
    """Record a consent decision. It supersedes earlier decisions of the same kind, which stay as history."""
    errors = {}
    if kind not in dict(choices.CONSENT_KIND):
        errors["kind"] = "Choose what the consent is for."
    if decision not in dict(choices.CONSENT_DECISION):
        errors["decision"] = "Choose whether consent was given, refused or withdrawn."
    if decided_on > timezone.localdate():
        errors["decided_on"] = "Enter a date on or before today."
    if review_on and review_on < decided_on:
        errors["review_on"] = "Enter a review date on or after the date of the decision."
    if errors:
        raise ValidationError(errors)
    with acting(by):
        return ConsentRecord.objects.create(
            client=client,
            kind=kind,
            decision=decision,
            decided_on=decided_on,
            review_on=review_on,
            notes=notes.strip(),
            recorded_by=by,
        )


@transaction.atomic
def advance_statement_add(
    *,
    client: Client,
    by: User,
    summary: str,
    made_on: date,
    kind: str = "statement",
    where_held: str = "",
    document: Document | None = None,
) -> AdvanceStatement:
    """Record a new current statement; earlier current statements of the same kind stop being current."""
    errors = {}
    if not summary.strip():
        errors["summary"] = "Write the key wishes, in the person's words where possible."
    if kind not in ADVANCE_STATEMENT_KINDS:
        errors["kind"] = "Choose the kind of statement."
    if made_on > timezone.localdate():
        errors["made_on"] = "Enter a date on or before today."
    if document is not None and (document.client_id != client.pk or document.archived_at is not None):
        errors["document"] = "Choose one of this person's documents that has not been archived."
    if errors:
        raise ValidationError(errors)
    # Lock the client row so two statements added at once cannot both stay current.
    Client.objects.select_for_update().filter(pk=client.pk).first()
    with acting(by):
        AdvanceStatement.objects.filter(client=client, kind=kind, is_current=True).update(is_current=False)
        return AdvanceStatement.objects.create(
            client=client,
            kind=kind,
            summary=summary.strip(),
            made_on=made_on,
            where_held=where_held.strip(),
            document=document,
            is_current=True,
            recorded_by=by,
        )


@transaction.atomic
def advance_statement_mark_not_current(*, statement: AdvanceStatement, by: User) -> AdvanceStatement:
    """The person has withdrawn or replaced it elsewhere: keep it, but stop showing it as current."""
    statement = AdvanceStatement.objects.select_for_update().get(pk=statement.pk)
    if not statement.is_current:
        return statement
    with acting(by):
        statement.is_current = False
        statement.save(update_fields=["is_current"])
    return statement
