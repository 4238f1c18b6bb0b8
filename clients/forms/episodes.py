"""Forms for referrals, episodes of support and allocation.

They check shape and the "this field is needed when..." rules so the message sits next to
the right field; the services check the same rules again and the views show their errors too.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from clients import choices
from clients.forms.core import DATE_INPUT

DECISIONS = [choice for choice in choices.REFERRAL_DECISION if choice[0] != "pending"]


def _today():
    return timezone.localdate()


class NotInFutureDateField(forms.DateField):
    widget = DATE_INPUT
    default_error_messages = {"invalid": "Enter a real date, for example 23/11/2026."}

    def validate(self, value):
        super().validate(value)
        if value and value > timezone.localdate():
            raise forms.ValidationError("Enter a date on or before today.")


class ReferralForm(forms.Form):
    source = forms.ChoiceField(label="Who referred the person", choices=[("", "Choose one"), *choices.REFERRAL_SOURCE])
    source_detail = forms.CharField(
        label="Name or organisation of the referrer",
        max_length=150,
        required=False,
        help_text="For example: Dr Patel, Riverside Surgery.",
    )
    received_on = NotInFutureDateField(label="Date the referral was received", initial=_today)
    reason = forms.CharField(
        label="Reason for the referral",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the person and the referrer hope support will help with.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].error_messages["required"] = "Choose who referred the person."
        self.fields["received_on"].error_messages["required"] = "Enter the date the referral was received."
        self.fields["reason"].error_messages["required"] = "Enter the reason for the referral."


class ReferralDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=DECISIONS, widget=forms.RadioSelect)
    decided_on = NotInFutureDateField(label="Date of the decision", initial=_today)
    decision_reason = forms.CharField(
        label="Reason for the decision",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed when the referral is declined.",
    )
    signposted_to = forms.CharField(
        label="Where the person was signposted to",
        max_length=150,
        required=False,
        help_text="Needed when the person is signposted elsewhere.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].error_messages["required"] = "Choose accepted, declined or signposted elsewhere."
        self.fields["decided_on"].error_messages["required"] = "Enter the date of the decision."

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == "declined" and not (cleaned.get("decision_reason") or "").strip():
            self.add_error("decision_reason", "Enter why the referral was declined.")
        if decision == "signposted" and not (cleaned.get("signposted_to") or "").strip():
            self.add_error("signposted_to", "Enter where the person was signposted to.")
        return cleaned


class EpisodeStartForm(forms.Form):
    started_on = NotInFutureDateField(
        label="First day of support",
        initial=_today,
        help_text="For a crisis house, the day of admission.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started_on"].error_messages["required"] = "Enter the first day of support."


class EpisodeEndForm(forms.Form):
    ended_on = NotInFutureDateField(label="Last day of support", initial=_today)
    end_reason = forms.ChoiceField(label="Why support ended", choices=[("", "Choose one"), *choices.END_REASON])
    move_on_destination = forms.ChoiceField(
        label="Where the person moved on to",
        choices=[("", "Choose one"), *choices.MOVE_ON_DESTINATION],
        required=False,
        help_text="Needed for a planned move-on.",
    )
    end_reason_detail = forms.CharField(label="More about the ending", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].error_messages["required"] = "Enter the last day of support."
        self.fields["end_reason"].error_messages["required"] = "Choose why support ended."

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("end_reason") == "planned_move_on" and not cleaned.get("move_on_destination"):
            self.add_error("move_on_destination", "Choose where the person moved on to.")
        return cleaned


class AllocationForm(forms.Form):
    """Make someone the lead worker, or add a co-worker (the view sets the label and prefix)."""

    worker = forms.ModelChoiceField(queryset=None, empty_label="Choose a worker")
    reason = forms.CharField(
        label="Why",
        max_length=200,
        required=False,
        help_text="For example: new to the service, or Sam has left the team.",
    )

    def __init__(self, *args, workers, worker_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.fields["worker"].label = worker_label
        self.fields["worker"].error_messages["required"] = "Choose a worker from the team."
        self.fields["worker"].error_messages["invalid_choice"] = "Choose a worker from the team."


class AllocationEndForm(forms.Form):
    reason = forms.CharField(
        label="Why this allocation is ending",
        max_length=200,
        help_text="For example: the person no longer needs a co-worker.",
        error_messages={"required": "Say why this allocation is ending."},
    )
