"""Forms for people who are not (or not yet) on the user's caseload: helpline and café
brief contacts, turning one into a referral, and the exact-match search across all teams
that leads to break-glass access."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone

from clients import choices
from clients.forms.core import DATE_INPUT, DATETIME_INPUT


class BriefContactForm(forms.Form):
    """A helpline call or café visit: minimal identity, a note. ``idempotency_key`` makes a
    double submit harmless, as on ContactForm."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    channel = forms.ChoiceField(
        label="How they got in touch", choices=choices.BRIEF_CHANNEL, initial="helpline", widget=forms.RadioSelect
    )
    occurred_at = forms.DateTimeField(
        label="Date and time", widget=DATETIME_INPUT, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    name_given = forms.CharField(
        label="Name or initials they gave",
        max_length=100,
        required=False,
        help_text="Leave empty if they preferred not to say.",
    )
    phone = forms.CharField(max_length=30, required=False)
    approximate_age = forms.IntegerField(label="Approximate age", required=False, min_value=1, max_value=120)
    duration_minutes = forms.IntegerField(label="Duration in minutes", required=False, min_value=1, max_value=1440)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What they needed and what was offered or agreed.",
        error_messages={"required": "Write a note about the call or visit."},
    )
    tags = forms.MultipleChoiceField(
        label="Topics", choices=choices.CONTACT_TAG, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0, microsecond=0))
        self.fields["occurred_at"].error_messages["required"] = "Enter the date and time of the call or visit."
        self.fields["occurred_at"].error_messages["invalid"] = "Enter a real date and time."

    def clean_occurred_at(self):
        occurred = self.cleaned_data["occurred_at"]
        if occurred > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError("Enter a date and time that is not in the future.")
        return occurred


class BriefConvertForm(forms.Form):
    """Choose the person's record (from the search results shown) and say why they are referred."""

    client = forms.UUIDField(
        label="Their record", error_messages={"required": "Choose the person's record from the search results."}
    )
    reason = forms.CharField(
        label="Reason for the referral",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for the referral."},
    )


class AllTeamsSearchForm(forms.Form):
    """Exact matches only, so nobody can browse other teams' records: the NHS number, or
    the full name with the date of birth."""

    nhs_number = forms.CharField(
        label="NHS number",
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text="10 digits, spaces are fine.",
    )
    first_name = forms.CharField(max_length=100, required=False, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    last_name = forms.CharField(max_length=100, required=False, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    date_of_birth = forms.DateField(
        required=False, widget=DATE_INPUT, error_messages={"invalid": "Enter a real date of birth."}
    )

    def clean_nhs_number(self):
        number = self.cleaned_data["nhs_number"].replace(" ", "")
        if number and not (number.isdigit() and len(number) == 10):
            raise forms.ValidationError("Enter the NHS number as 10 digits.")
        return number

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("nhs_number") or self.errors:
            return cleaned
        named = [cleaned.get("first_name"), cleaned.get("last_name"), cleaned.get("date_of_birth")]
        if not any(named):
            raise forms.ValidationError(
                "Enter the NHS number, or the person's first name, last name and date of birth."
            )
        if not cleaned.get("first_name"):
            self.add_error("first_name", "Enter the person's first name as well.")
        if not cleaned.get("last_name"):
            self.add_error("last_name", "Enter the person's last name as well.")
        if not cleaned.get("date_of_birth"):
            self.add_error("date_of_birth", "Enter the person's date of birth as well.")
        return cleaned
