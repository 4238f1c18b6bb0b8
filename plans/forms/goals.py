"""Forms for goals, steps and step progress."""

from __future__ import annotations

from django import forms

from plans.choices import GoalStatus, StepOwner, StepStatus, WrittenBy
from plans.forms.plans import DATE_INPUT, text_area


class GoalForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    life_area = forms.ChoiceField(label="Life area")
    in_my_words = forms.CharField(
        label="The goal, in the client's words",
        widget=text_area(3),
        help_text="Write it as the client says it, for example “I want to cook a proper meal twice a week”.",
    )
    support = forms.CharField(
        label="What support looks like",
        widget=text_area(3),
        required=False,
        help_text="What the client wants from us and others, for example “Priya comes shopping with me”.",
    )
    written_by = forms.ChoiceField(
        label="Who wrote this goal?", choices=WrittenBy.choices, initial=WrittenBy.CLIENT, widget=forms.RadioSelect
    )
    status = forms.ChoiceField(label="How is it going?", choices=GoalStatus.choices, initial=GoalStatus.WORKING)
    progress = forms.CharField(label="Progress so far", widget=text_area(2), required=False)

    def __init__(self, *args, life_areas: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a life area")] + [(area, area) for area in life_areas]
        current = self.initial.get("life_area")
        if current and current not in life_areas:
            # An area the service has since renamed: keep it selectable for this goal.
            choices.append((current, current))
        self.fields["life_area"].choices = choices

    def details(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("life_area", "in_my_words", "support", "written_by", "status", "progress")
        }


class StepForm(forms.Form):
    description = forms.CharField(
        label="What will happen",
        widget=text_area(2),
        help_text="One small, clear step, for example “Phone the college about the cookery course”.",
    )
    owner = forms.ChoiceField(label="Who will do it?", choices=StepOwner.choices, widget=forms.RadioSelect)
    owner_worker = forms.ModelChoiceField(
        label="Which worker?",
        queryset=None,
        required=False,
        empty_label="The lead worker",
        help_text="Only needed when a worker will do it.",
    )
    owner_name = forms.CharField(
        label="Which partner agency or person?",
        max_length=150,
        required=False,
        help_text="Only needed for a partner, for example “Citizens Advice” or “My sister Jo”.",
    )
    due_on = forms.DateField(label="By when", widget=DATE_INPUT, required=False)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_worker"].queryset = workers
        self.fields["owner"].initial = StepOwner.CLIENT

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("owner") == StepOwner.PARTNER and not (cleaned.get("owner_name") or "").strip():
            self.add_error("owner_name", "Enter the partner agency or person who will do this.")
        return cleaned

    def details(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in ("description", "owner", "owner_worker", "owner_name", "due_on")
        }


class StepStatusForm(forms.Form):
    status = forms.ChoiceField(label="Step status", choices=StepStatus.choices)
