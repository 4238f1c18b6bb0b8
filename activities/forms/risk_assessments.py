"""Forms for activity risk assessments and the programme settings."""

from __future__ import annotations

import re

from django import forms
from django.db.models import Q

from activities.risk_scoring import LIKELIHOOD_LABELS, SEVERITY_LABELS
from recovery.accounts.models import Service, User

BAND_LINE = re.compile(r"^\s*(?P<label>.+?)\s*[:,–-]?\s*(?P<score>\d+)\s*$")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def service_staff(service: Service):
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(memberships__team__service=service, memberships__team__is_active=True) | Q(memberships__service=service)
        )
        .exclude(memberships__role="read_only", memberships__team__service=service)
        .distinct()
        .order_by("full_name")
    )


def _scale(labels: dict[int, str]) -> list[tuple[str, str]]:
    return [("", "Choose…")] + [(str(value), label) for value, label in labels.items()]


class ProgrammeSettingsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    risk_bands = forms.CharField(
        label="Risk bands",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One band per line, lowest first: its name and the lowest score in it, e.g. 'High: 8'.",
    )
    risk_review_interval_days = forms.IntegerField(
        label="Days between activity risk assessment reviews", min_value=1, help_text="365 is once a year."
    )
    risk_warning_days = forms.IntegerField(
        label="Warn facilitators this many days before a session",
        min_value=1,
        help_text="When the activity has no risk assessment in date.",
    )
    modules = forms.CharField(
        label="Pre-tenancy course modules",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One module per line, in order. Removing a line retires the module; sign-offs are kept.",
    )

    def clean_risk_bands(self) -> list[tuple[str, int]]:
        rows = []
        for line in self.cleaned_data["risk_bands"].splitlines():
            if not line.strip():
                continue
            match = BAND_LINE.match(line)
            if match is None:
                raise forms.ValidationError(f"Write '{line.strip()}' as a name and a number, e.g. 'High: 8'.")
            rows.append((match["label"], int(match["score"])))
        return rows

    def clean_modules(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["modules"].splitlines() if line.strip()]


class RiskStartForm(forms.Form):
    review_reason = forms.CharField(
        label="Why is it being reviewed?",
        max_length=300,
        help_text="For example: the yearly review, a new venue, an incident, a new member with different needs.",
    )


class RiskDetailsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    assessor = forms.ModelChoiceField(queryset=User.objects.none(), label="Assessor")
    assessed_on = forms.DateField(label="Assessed on", widget=DATE_INPUT)
    summary = forms.CharField(
        label="Summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The activity, where it happens and anything particular about this group.",
    )
    review_reason = forms.CharField(label="Why it is being reviewed", required=False, max_length=300)

    def __init__(self, *args, service: Service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = service_staff(service)


class HazardForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    hazard = forms.CharField(label="Hazard", max_length=200, help_text="What could cause harm, e.g. hot oven.")
    who_might_be_harmed = forms.CharField(
        label="Who might be harmed", max_length=200, help_text="For example: people taking part, staff, the public."
    )
    how_harmed = forms.CharField(label="How they might be harmed", widget=forms.Textarea(attrs={"rows": 2}))
    existing_controls = forms.CharField(label="Controls already in place", widget=forms.Textarea(attrs={"rows": 3}))
    likelihood_before = forms.TypedChoiceField(label="Likelihood now", choices=_scale(LIKELIHOOD_LABELS), coerce=int)
    severity_before = forms.TypedChoiceField(label="Severity now", choices=_scale(SEVERITY_LABELS), coerce=int)
    further_controls = forms.CharField(
        label="Further controls",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What more will be done. Add each one as an action with an owner afterwards.",
    )
    likelihood_after = forms.TypedChoiceField(
        label="Likelihood with further controls", choices=_scale(LIKELIHOOD_LABELS), coerce=int
    )
    severity_after = forms.TypedChoiceField(
        label="Severity with further controls", choices=_scale(SEVERITY_LABELS), coerce=int
    )


class RiskActionForm(forms.Form):
    action = forms.CharField(label="Action", max_length=300, help_text="What will be done.")
    owner = forms.ModelChoiceField(queryset=User.objects.none(), label="Who will do it")
    due_on = forms.DateField(label="Due by", widget=DATE_INPUT)

    def __init__(self, *args, service: Service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = service_staff(service)


class ApproveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    review_due_on = forms.DateField(
        label="Review by", widget=DATE_INPUT, help_text="When this assessment must be looked at again."
    )
    approval_note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))
