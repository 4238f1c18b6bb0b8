"""Writes for client feedback on sessions and the "you said, we did" log.

``feedback_give`` is the one way feedback is stored. An anonymous answer is written with no
client, no member of staff and no time, inside no audit context (``SessionFeedback`` is not
tracked for anonymous rows), so nothing ties it to the person who gave it or to the moment
it was given. See ``activities.models.feedback``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from activities.models import (
    Activity,
    Attendance,
    Booking,
    Session,
    SessionFeedback,
    YouSaidWeDid,
    YouSaidWeDidFeedback,
)
from clients.models import Client
from recovery.accounts.models import Service, User
from recovery.audit.history import acting

COMMENT_MAX = 2000


def _feedback_errors(*, session: Session, rating: int | None, comment: str) -> dict[str, str]:
    errors = {}
    if session.is_cancelled:
        errors["__all__"] = "This session was cancelled, so there is nothing to give feedback on."
    elif session.starts_at > timezone.now():
        errors["__all__"] = "Feedback opens when the session starts."
    if rating not in range(1, 6):
        errors["rating"] = "Choose how the session was, from 1 (poor) to 5 (great)."
    if len(comment) > COMMENT_MAX:
        errors["comment"] = f"Keep the comment under {COMMENT_MAX} characters."
    return errors


def client_was_at_session(*, session: Session, client: Client) -> bool:
    return (
        Attendance.objects.filter(session=session, client=client).exists()
        or Booking.objects.filter(session=session, client=client).exists()
    )


def feedback_give(
    *,
    session: Session,
    rating: int | None,
    comment: str,
    idempotency_key: uuid.UUID,
    client: Client | None = None,
    recorded_by: User | None = None,
) -> tuple[SessionFeedback, bool]:
    """Store a rating and comment. With ``client`` it is named (and ``recorded_by`` is who
    handed over the tablet); without, it is anonymous and ``recorded_by`` is ignored.
    Returns (feedback, created); the same idempotency key returns the first answer."""
    existing = SessionFeedback.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    comment = (comment or "").strip()
    errors = _feedback_errors(session=session, rating=rating, comment=comment)
    if client is not None and not errors:
        if recorded_by is None:
            raise ValueError("named feedback needs the member of staff who recorded it")
        if not client_was_at_session(session=session, client=client):
            errors["__all__"] = f"{client.display_name} is not on this session's register."
        elif SessionFeedback.objects.filter(session=session, client=client).exists():
            errors["__all__"] = f"{client.display_name} has already given feedback on this session."
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            if client is None:
                feedback = SessionFeedback.objects.create(
                    session=session, rating=rating, comment=comment, idempotency_key=idempotency_key
                )
            else:
                with acting(recorded_by):
                    feedback = SessionFeedback.objects.create(
                        session=session,
                        rating=rating,
                        comment=comment,
                        client=client,
                        recorded_by=recorded_by,
                        recorded_at=timezone.now(),
                        idempotency_key=idempotency_key,
                    )
    except IntegrityError:
        # A double tap racing the first: the first one won.
        found = SessionFeedback.objects.filter(idempotency_key=idempotency_key).first()
        if found is None:
            raise
        return found, False
    return feedback, True


@transaction.atomic
def you_said_we_did_record(
    *,
    service: Service,
    by: User,
    you_said: str,
    we_did: str,
    changed_on: date,
    idempotency_key: uuid.UUID,
    activity: Activity | None = None,
    feedback: Sequence[SessionFeedback] = (),
) -> tuple[YouSaidWeDid, bool]:
    """Log a change made because of feedback, linked to the feedback it answers."""
    existing = YouSaidWeDid.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    errors = {}
    if not you_said.strip():
        errors["you_said"] = "Say what people told you."
    if not we_did.strip():
        errors["we_did"] = "Say what changed because of it."
    if changed_on > timezone.localdate():
        errors["changed_on"] = "Enter a date on or before today: log a change once it has been made."
    if activity is not None and activity.service_id != service.pk:
        errors["activity"] = "Choose an activity of this service."
    if any(item.session.activity.service_id != service.pk for item in feedback):
        errors["feedback"] = "Choose feedback about this service's sessions."
    if errors:
        raise ValidationError(errors)
    with acting(by):
        change = YouSaidWeDid.objects.create(
            service=service,
            activity=activity,
            you_said=you_said.strip(),
            we_did=we_did.strip(),
            changed_on=changed_on,
            recorded_by=by,
            idempotency_key=idempotency_key,
        )
        YouSaidWeDidFeedback.objects.bulk_create(
            [YouSaidWeDidFeedback(change=change, feedback=item) for item in feedback]
        )
    return change, True
