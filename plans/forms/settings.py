"""A service's plan settings (service managers)."""

from __future__ import annotations

from django import forms

from plans.forms.plans import text_area
from plans.validators import validate_uk_phone


class PlanSettingsForm(forms.Form):
    early_warning_threshold = forms.IntegerField(
        label="Early warning signs before a caseload flag",
        min_value=1,
        max_value=50,
        help_text="How many early warning signs ticked on contacts flag the client.",
    )
    early_warning_window_days = forms.IntegerField(label="Within this many days", min_value=1, max_value=90)
    sign_off_required = forms.BooleanField(label="A team leader signs off every agreed plan", required=False)
    life_areas = forms.CharField(
        label="Life areas for goals",
        widget=text_area(8),
        help_text="One per line. Renaming an area does not change goals already written.",
    )

    def clean_life_areas(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["life_areas"].splitlines() if line.strip()]


class CrisisContactForm(forms.Form):
    name = forms.CharField(label="Name", max_length=100, required=False)
    phone = forms.CharField(
        label="UK number", max_length=60, required=False, validators=[validate_uk_phone],
        help_text="For example 116 123, or 111, option 2.",
    )  # fmt: skip
    detail = forms.CharField(label="Note", max_length=150, required=False)


CrisisContactFormSet = forms.formset_factory(CrisisContactForm, extra=2, max_num=8)
