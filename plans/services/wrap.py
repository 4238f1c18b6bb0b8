"""The person's WRAP: written with them, shared only as they choose."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from clients.models import Client, NetworkMember
from plans.choices import WrapSharing, WrittenBy
from plans.models import Wrap, WrapShare
from plans.services.common import clean_text
from recovery.accounts.models import User
from recovery.audit.history import acting
from recovery.core.concurrency import StaleEditError, bump_version, lock_current_version

WRAP_TEXT_FIELDS = (
    "wellness_toolbox",
    "daily_maintenance",
    "triggers",
    "triggers_actions",
    "early_warning_signs",
    "early_warning_actions",
    "breaking_down_signs",
    "breaking_down_actions",
    "crisis_plan",
    "post_crisis_plan",
)


def _check(
    *, client: Client, by: User, sharing: str, shared_with: Sequence[NetworkMember], written_by: str, texts: dict
) -> None:
    errors: dict[str, str] = {}
    if sharing not in WrapSharing.values:
        errors["sharing"] = "Choose who the client wants to be able to see their WRAP."
    elif sharing == WrapSharing.LEAD_ONLY and client.lead_worker_id != by.pk:
        errors["sharing"] = (
            f"Only {client.display_name}'s lead worker can save a WRAP that is shared with just them and their lead "
            "worker. Ask the lead worker to save it, or choose another option with the client."
        )
    elif sharing == WrapSharing.TEAM_AND_NETWORK and not shared_with:
        errors["shared_with"] = "Choose the people in the client's network who may see their WRAP."
    if any(member.client_id != client.pk or not member.is_active for member in shared_with):
        errors["shared_with"] = "Choose people from the client's own network."
    if written_by not in WrittenBy.values:
        errors["written_by"] = "Choose who wrote the WRAP."
    if not any(texts.values()):
        errors["wellness_toolbox"] = "Write at least one part of the WRAP, starting with the wellness toolbox."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def wrap_save(
    *,
    client: Client,
    by: User,
    expected_version: int | None,
    sharing: str,
    shared_with: Sequence[NetworkMember] = (),
    written_by: str = WrittenBy.CLIENT,
    **texts: Any,
) -> Wrap:
    """Create the client's WRAP (``expected_version=None``) or change it; StaleEditError if someone saved first."""
    unknown = set(texts) - set(WRAP_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unexpected WRAP fields: {', '.join(sorted(unknown))}")
    texts = {name: clean_text(value) for name, value in texts.items()}
    shared_with = list(shared_with) if sharing == WrapSharing.TEAM_AND_NETWORK else []
    _check(client=client, by=by, sharing=sharing, shared_with=shared_with, written_by=written_by, texts=texts)
    with acting(by):
        if expected_version is None:
            existing = Wrap.objects.filter(client=client).first()
            if existing is not None:
                raise StaleEditError(existing)
            try:
                with transaction.atomic():
                    wrap = Wrap.objects.create(
                        client=client, sharing=sharing, written_by=written_by, created_by=by, updated_by=by, **texts
                    )
            except IntegrityError:
                raise StaleEditError(Wrap.objects.get(client=client)) from None
        else:
            wrap = lock_current_version(Wrap.objects.get(client=client), expected_version=expected_version)
            for name, value in texts.items():
                setattr(wrap, name, value)
            wrap.sharing = sharing
            wrap.written_by = written_by
            wrap.updated_by = by
            bump_version(wrap)
            wrap.save()
            wrap.refresh_from_db()
        wanted = {member.pk for member in shared_with}
        WrapShare.objects.filter(wrap=wrap).exclude(member_id__in=wanted).delete()
        have = set(WrapShare.objects.filter(wrap=wrap).values_list("member_id", flat=True))
        WrapShare.objects.bulk_create([WrapShare(wrap=wrap, member_id=pk) for pk in sorted(wanted - have)])
    return wrap
