"""Forms for commissioner reports: choosing the period and services, the report's settings, and
adding an anonymised case study."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from recovery.core.registries import ordered_report_sections
from recovery.reports import periods
from recovery.reports.models import CaseStudy, ReportDefinition
from recovery.reports.targets import STANDARD_TARGETS

CUSTOM = "custom"
DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class NewReportForm(forms.Form):
    """The period (a quarter, or your own dates) and the services in the report."""

    period = forms.ChoiceField(label="Reporting period")
    start = forms.DateField(label="From", required=False, widget=DATE_INPUT, help_text="Only for other dates.")
    end = forms.DateField(label="To", required=False, widget=DATE_INPUT, help_text="Only for other dates.")
    services = forms.MultipleChoiceField(
        label="Services in the report", widget=forms.CheckboxSelectMultiple, required=True
    )
    build_anyway = forms.BooleanField(label="Build the report anyway: it will list what was incomplete", required=False)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, services, page_service=None, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page_service = page_service
        today = today or timezone.localdate()
        quarters = periods.recent_quarters(today, count=8)
        self.fields["period"].choices = [(period.key, period.label) for period in quarters] + [
            (CUSTOM, "Other dates (enter them below)")
        ]
        self.fields["period"].initial = periods.previous_quarter(today).key
        self.services_by_code = {str(service.code): service for service in services}
        self.fields["services"].choices = [(str(service.code), service.name) for service in services]
        self.fields["services"].error_messages["required"] = "Choose at least one service."

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("period")
        if choice == CUSTOM:
            start, end = cleaned.get("start"), cleaned.get("end")
            if start is None:
                self.add_error("start", "Enter the first day of the period.")
            if end is None:
                self.add_error("end", "Enter the last day of the period.")
            if start and end:
                try:
                    cleaned["the_period"] = periods.custom(start, end)
                except ValidationError as error:
                    for field, messages in error.message_dict.items():
                        self.add_error(field if field in self.fields else None, messages)
        elif choice:
            cleaned["the_period"] = periods.from_key(choice)
        cleaned["chosen_services"] = [
            self.services_by_code[code] for code in cleaned.get("services", []) if code in self.services_by_code
        ]
        page_service = self.page_service
        if page_service is not None and cleaned.get("services") and page_service not in cleaned["chosen_services"]:
            # The report uses this page's service's settings (targets, small-number rule), so that
            # service has to be in it: another service's report is built from its own page.
            self.add_error(
                "services",
                f"Tick {page_service.name}: this report uses its settings. To report on other services "
                "without it, start from their own report page.",
            )
        return cleaned


class DefinitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(max_length=150)
    commissioner_name = forms.CharField(label="Commissioner", max_length=150, required=False)
    contract_reference = forms.CharField(max_length=80, required=False)
    section_keys = forms.MultipleChoiceField(
        label="Sections in the report",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Tick at least one section."},
        help_text="Untick a section to leave it out. While every box is ticked, sections added later are included too.",
    )
    suppression_threshold = forms.IntegerField(
        label="Show small counts as “fewer than”",
        min_value=1,
        max_value=20,
        help_text="Counts from 1 up to one below this number show as “<5” in breakdowns. Totals are always exact.",
    )
    auto_build = forms.BooleanField(label="Build last quarter's report automatically", required=False)
    auto_build_day = forms.IntegerField(
        label="Day of the month after each quarter ends",
        min_value=1,
        max_value=28,
        help_text="You will get an e-mail with a link when it is ready.",
    )

    def __init__(self, *args, definition: ReportDefinition, **kwargs):
        initial = {
            "version": definition.version,
            "title": definition.title,
            "commissioner_name": definition.commissioner_name,
            "contract_reference": definition.contract_reference,
            "section_keys": definition.section_keys or [section.key for section in ordered_report_sections()],
            "suppression_threshold": definition.suppression_threshold,
            "auto_build": definition.auto_build,
            "auto_build_day": definition.auto_build_day,
        }
        for index, target in enumerate(STANDARD_TARGETS):
            initial[f"target_{index}"] = (definition.targets or {}).get(target.figure)
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["section_keys"].choices = [(section.key, section.title) for section in ordered_report_sections()]
        for index, target in enumerate(STANDARD_TARGETS):
            self.fields[f"target_{index}"] = forms.DecimalField(
                label=target.label,
                required=False,
                min_value=0,
                max_value=100,
                decimal_places=1,
                help_text="Leave empty for no target.",
            )
        for field in ("suppression_threshold", "auto_build_day"):
            self.fields[field].error_messages["required"] = "Enter a number."

    def target_fields(self):
        return [self[f"target_{index}"] for index in range(len(STANDARD_TARGETS))]

    def targets(self) -> dict[str, float | None]:
        return {
            target.figure: (
                float(self.cleaned_data[f"target_{index}"])
                if self.cleaned_data.get(f"target_{index}") is not None
                else None
            )
            for index, target in enumerate(STANDARD_TARGETS)
        }


class CaseStudyForm(forms.ModelForm):
    consent_confirmed = forms.BooleanField(
        label="The person has agreed, and their consent is recorded on their record",
        error_messages={"required": "Confirm the person's consent is recorded before adding their story."},
    )

    class Meta:
        model = CaseStudy
        fields = ["title", "anonymised_text", "consent_recorded_on", "include_in_reports"]
        widgets = {"consent_recorded_on": DATE_INPUT, "anonymised_text": forms.Textarea(attrs={"rows": 8})}
        labels = {"anonymised_text": "The story, anonymised"}
        error_messages = {
            "title": {"required": "Enter a short title, without the person's name."},
            "anonymised_text": {"required": "Write the story, with names and places changed."},
            "consent_recorded_on": {"required": "Enter the date the person gave consent."},
        }
