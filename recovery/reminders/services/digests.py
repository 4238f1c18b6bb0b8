"""Sending one person's daily digest, exactly once.

The ``DigestSend`` row is locked (``SELECT ... FOR UPDATE SKIP LOCKED``) for the length of the
send and marked sent in the same transaction: a second task for the same digest either skips the
locked row or, once the first has committed, finds it sent. A send that fails is recorded as
failed and raised, so the task retries it later; a failed row is still unsent, so no duplicate.
"""

from __future__ import annotations

import smtplib
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from recovery.reminders.models import DigestSend, DigestStatus, ReminderRun
from recovery.reminders.selectors import Digest, digest_for, source_label


class DigestNotSent(Exception):
    """The mail server refused or could not be reached; the task tries again later."""


def _absolute(url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}{url}"


def digest_subject(digest: Digest) -> str:
    parts = []
    if digest.late:
        parts.append(f"{digest.late} overdue")
    if digest.upcoming:
        parts.append(f"{digest.upcoming} due soon")
    return f"Recovery reminders for {digest.digest_on:%-d %b %Y}: {', '.join(parts)}"


def digest_message(digest: Digest, *, digest_id: int | None = None) -> EmailMultiAlternatives:
    """The e-mail: plain text and HTML from the same context, links made absolute with SITE_URL."""
    for group in digest.groups:
        for reminder in group.reminders:
            reminder.link = _absolute(reminder.url) if reminder.url else ""
            reminder.source_label = source_label(reminder.source)
    context = {
        "digest": digest,
        "site_url": settings.SITE_URL,
        "reminders_url": _absolute(reverse("reminders:mine")),
        "preferences_url": _absolute(reverse("reminders:preferences")),
    }
    message = EmailMultiAlternatives(
        subject=digest_subject(digest),
        body=render_to_string("reminders/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.user.email],
    )
    message.attach_alternative(render_to_string("reminders/email/digest.html", context), "text/html")
    if digest_id is not None:
        # The same Message-ID on every attempt lets a mail server drop a copy it already accepted.
        message.extra_headers["Message-ID"] = make_msgid(idstring=f"digest-{digest_id}", domain="recovery.reminders")
    return message


def digest_send(*, digest_id: int) -> str:
    """Send the digest if it is still unsent; returns what happened (sent, nothing, skipped...)."""
    with transaction.atomic():
        digest_row = (
            DigestSend.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=digest_id)
            .first()
        )
        if digest_row is None:
            return "busy"  # another worker is sending it right now, or it no longer exists
        if digest_row.status in (DigestStatus.SENT, DigestStatus.NOTHING):
            return digest_row.status
        digest = digest_for(user=digest_row.recipient, digest_on=digest_row.digest_on)
        if not digest.count:
            digest_row.status = DigestStatus.NOTHING
            digest_row.save(update_fields=["status"])
            return digest_row.status
        digest_row.attempts += 1
        try:
            digest_message(digest, digest_id=digest_row.pk).send()
        except (smtplib.SMTPException, OSError) as error:
            digest_row.status = DigestStatus.FAILED
            digest_row.last_error = f"{type(error).__name__}: {error}"[:1000]
            digest_row.save(update_fields=["status", "attempts", "last_error"])
            failure = error
        else:
            digest_row.status = DigestStatus.SENT
            digest_row.sent_at = timezone.now()
            digest_row.item_count = digest.count
            digest_row.last_error = ""
            digest_row.save(update_fields=["status", "attempts", "sent_at", "item_count", "last_error"])
            if digest_row.run_id:
                ReminderRun.objects.filter(pk=digest_row.run_id).update(emails_sent=F("emails_sent") + 1)
            return digest_row.status
    # Outside the transaction, so the failure is recorded before the task retries.
    raise DigestNotSent(str(failure)) from failure
