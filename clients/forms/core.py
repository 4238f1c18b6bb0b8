"""Forms for client records and contacts. Validation that belongs to the domain lives in services;
forms check shape and show the services' errors next to the right field."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone

from clients import choices
from clients.models import Client
from clients.services.clients import EDITABLE_FIELDS
from clients.validators import validate_nhs_number

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

CLIENT_FIELDS = [
    "first_name", "last_name", "preferred_name", "pronouns", "date_of_birth", "nhs_number",
    "address_line_1", "address_line_2", "town", "postcode", "phone", "email", "gp_practice", "gp_phone",
    "interpreter_language", "needs_bsl", "needs_easy_read", "communication_notes",
    "sex", "gender_reassignment", "sexual_orientation", "marital_status", "pregnancy_maternity",
    "ethnicity", "religion", "disability", "is_restricted",
]  # fmt: skip
assert set(CLIENT_FIELDS) <= EDITABLE_FIELDS


class ClientForm(forms.ModelForm):
    """The client's details. ``version`` carries the record version the form was opened at."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Wider than the stored 10 digits so "943 476 5919" can be typed; spaces are removed in clean.
    nhs_number = forms.CharField(
        label="NHS number",
        required=False,
        max_length=14,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text="10 digits, spaces are fine. Leave empty if not known.",
    )

    class Meta:
        model = Client
        fields = CLIENT_FIELDS
        widgets = {
            "date_of_birth": DATE_INPUT,
            "communication_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise forms.ValidationError("Enter a date of birth in the past.")
        return born

    def clean_nhs_number(self):
        number = self.cleaned_data["nhs_number"].replace(" ", "")
        validate_nhs_number(number)
        return number

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in CLIENT_FIELDS}


class NewClientForm(ClientForm):
    team = forms.ModelChoiceField(queryset=None, empty_label=None, help_text="The team that will support the person.")
    not_a_duplicate = forms.BooleanField(
        required=False, label="I have checked the possible matches: this is a different person"
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.order_fields(["team", *CLIENT_FIELDS])


class ContactForm(forms.Form):
    """Log a contact: three interactions for the common case (type, outcome, note)."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    contact_type = forms.ChoiceField(label="Type", choices=choices.CONTACT_TYPE, initial="face_to_face")
    outcome = forms.ChoiceField(choices=choices.CONTACT_OUTCOME, initial="attended", widget=forms.RadioSelect)
    occurred_at = forms.DateTimeField(
        label="Date and time", widget=DATETIME_INPUT, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    duration_minutes = forms.IntegerField(label="Duration in minutes", required=False, min_value=1, max_value=1440)
    location = forms.CharField(required=False, max_length=150)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Needed when the person attended. Write it so the person could read it: hopeful and factual.",
    )
    tags = forms.MultipleChoiceField(
        label="Topics", choices=choices.CONTACT_TAG, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0, microsecond=0))

    def clean_occurred_at(self):
        occurred = self.cleaned_data["occurred_at"]
        if occurred > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError("Enter a date and time that is not in the future.")
        return occurred

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == "attended" and not (cleaned.get("note") or "").strip():
            self.add_error("note", "Write a note about the contact: a note is needed when the person attended.")
        return cleaned


class AmendmentForm(forms.Form):
    note = forms.CharField(label="Amendment", widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label="Why the note is being amended", max_length=200)


class DisputeForm(forms.Form):
    statement = forms.CharField(
        label="The person's view", widget=forms.Textarea(attrs={"rows": 3}), help_text="In their words where possible."
    )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need this record?",
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=10,
        help_text="This is logged and shown to the team leader.",
    )


class ReallocateForm(forms.Form):
    clients = forms.TypedMultipleChoiceField(coerce=uuid.UUID, widget=forms.CheckboxSelectMultiple)
    to_worker = forms.ModelChoiceField(queryset=None, label="New lead worker")
    reason = forms.CharField(max_length=200, help_text="For example: Sam has left the team.")

    def __init__(self, *args, workers, client_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_worker"].queryset = workers
        self.fields["clients"].choices = client_choices


class ClientLinkForm(forms.Form):
    other = forms.CharField(
        label="Record code of the other record",
        max_length=40,
        help_text="Open the other record and copy the code from its address, e.g. 3f2c…. You must be able to see both.",
    )
    reason = forms.CharField(
        label="Why these records are the same person", widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )
