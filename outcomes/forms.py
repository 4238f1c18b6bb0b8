"""Forms for readings, Recovery Star notes, tablet hand-over and settings.

The reading form is built from the measure's definition: one radio group per item, none
required (an unanswered item makes the reading incomplete, which the service saves as such).
The questionnaire is laid out by ``templates/outcomes/partials/questionnaire.html`` as fieldsets
with large targets; the rest of each form uses crispy-forms.
"""

from __future__ import annotations

import uuid

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone

from outcomes.measures import GOAL_COUNT, Kind, Measure
from outcomes.models import CompletedBy, Occasion, OutcomeSettings

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PIN_LENGTH = (4, 8)


def _plain_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class QuestionField:
    """What the questionnaire template needs for one item: the bound field plus its wording."""

    def __init__(self, bound, *, number: int, text: str, group: str, risk: bool, scored: bool, options):
        self.bound = bound
        self.number = number
        self.text = text
        self.group = group
        self.risk = risk
        self.scored = scored
        self.options = options

    @property
    def name(self) -> str:
        return self.bound.html_name

    @property
    def value(self) -> str:
        value = self.bound.value()
        return "" if value is None else str(value)

    @property
    def errors(self):
        return self.bound.errors


class ReadingForm(forms.Form):
    """A reading of one measure. ``item_texts`` replaces the wording (ReQoL-10, licensed per
    service); ``areas``/``scale_max``/``stages`` describe a life-areas profile."""

    taken_on = forms.DateField(label="Date of the reading", widget=DATE_WIDGET)
    occasion = forms.ChoiceField(label="When in the person's support", choices=Occasion.choices)
    completed_by = forms.ChoiceField(label="Who filled in the answers", choices=CompletedBy.choices)
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args,
        measure: Measure,
        item_texts: list[str] | None = None,
        areas: list[dict] | None = None,
        scale_max: int = 10,
        stages: list[dict] | None = None,
        tablet: bool = False,
        **kwargs,
    ):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("taken_on", timezone.localdate())
        kwargs["initial"].setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.tablet = tablet
        self.questions: list[QuestionField] = []
        self.goal_fields: list[tuple] = []
        self.stage_legend = ""
        if tablet:
            # The hand-over itself carries the idempotency key; the person is asked only the questions.
            for name in ("taken_on", "occasion", "completed_by", "note", "idempotency_key", "version"):
                del self.fields[name]
        if measure.kind == Kind.LIFE_AREAS:
            self._add_life_areas(areas or [], scale_max, stages or [])
        elif measure.kind == Kind.GOALS:
            self._add_goals(measure)
        else:
            self._add_items(measure, item_texts)
        self.helper = _plain_helper()

    def _add_items(self, measure: Measure, item_texts: list[str] | None) -> None:
        for number, item in enumerate(measure.items, start=1):
            options = item.options or measure.options
            text = item_texts[number - 1] if item_texts and number <= len(item_texts) else item.text
            self.fields[item.key] = forms.TypedChoiceField(
                label=text,
                choices=[(option.value, option.label) for option in options],
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )
            self.questions.append(
                QuestionField(
                    self[item.key],
                    number=number,
                    text=text,
                    group=item.group,
                    risk=item.group == "risk",
                    scored=item.scored,
                    options=options,
                )
            )

    def _add_goals(self, measure: Measure) -> None:
        for number in range(1, GOAL_COUNT + 1):
            key = f"goal{number}"
            self.fields[f"{key}_text"] = forms.CharField(
                label=f"Goal {number}, in the person's words", required=False, max_length=300
            )
            self.fields[key] = forms.TypedChoiceField(
                label=f"How close to goal {number} (0 to 10)",
                choices=[(option.value, option.label) for option in measure.options],
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )
            self.goal_fields.append((self[f"{key}_text"], self[key]))
            self.questions.append(
                QuestionField(
                    self[key],
                    number=number,
                    text=f"Goal {number}",
                    group="goal",
                    risk=False,
                    scored=True,
                    options=measure.options,
                )
            )

    def _add_life_areas(self, areas: list[dict], scale_max: int, stages: list[dict]) -> None:
        from outcomes.measures import Option

        ordered = sorted(stages, key=lambda stage: stage["from"])

        def stage_of(value: int) -> str:
            label = ""
            for stage in ordered:
                if value >= stage["from"]:
                    label = stage["label"]
            return label

        options = tuple(Option(value, f"{value} {stage_of(value)}".strip()) for value in range(1, scale_max + 1))
        self.stage_legend = " · ".join(f"{stage['from']} {stage['label']}" for stage in ordered)
        for number, area in enumerate(areas, start=1):
            self.fields[area["key"]] = forms.TypedChoiceField(
                label=area["label"],
                choices=[(option.value, option.label) for option in options],
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )
            self.questions.append(
                QuestionField(
                    self[area["key"]],
                    number=number,
                    text=area["label"],
                    group="area",
                    risk=False,
                    scored=True,
                    options=options,
                )
            )

    def answers(self) -> dict:
        return {question.bound.name: self.cleaned_data.get(question.bound.name) for question in self.questions}

    def labels(self) -> dict:
        return {
            f"goal{number}": self.cleaned_data.get(f"goal{number}_text", "")
            for number in range(1, GOAL_COUNT + 1)
            if f"goal{number}_text" in self.fields
        }


class MarkErrorForm(forms.Form):
    reason = forms.CharField(
        label="Why was this reading entered in error?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example “Recorded for the wrong person”. The reading stays on record, marked.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _plain_helper()


class StarReadingForm(forms.Form):
    taken_on = forms.DateField(label="Date of the Star reading", widget=DATE_WIDGET)
    worker = forms.ModelChoiceField(label="Worker who did the reading", queryset=None)
    where_held = forms.CharField(
        label="Where the reading is kept",
        max_length=200,
        error_messages={"required": "Say where the Star reading is kept, for example “Recovery Star Online”."},
        help_text="For example “Recovery Star Online” or “Paper file at Riverside House”. Do not copy the Star here.",
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, workers, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("taken_on", timezone.localdate())
        kwargs["initial"].setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.helper = _plain_helper()


class TabletStartForm(forms.Form):
    pin = forms.CharField(
        label="Choose a PIN to get back in",
        min_length=PIN_LENGTH[0],
        max_length=PIN_LENGTH[1],
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text="4 to 8 digits. You type it when the person hands the tablet back.",
    )
    pin_again = forms.CharField(
        label="Type the PIN again",
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _plain_helper()

    def clean_pin(self) -> str:
        pin = self.cleaned_data["pin"]
        if not pin.isdigit():
            raise forms.ValidationError("Use digits only, 4 to 8 of them.")
        return pin

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pin") and cleaned.get("pin_again") != cleaned.get("pin"):
            self.add_error("pin_again", "The two PINs are different: type the same PIN twice.")
        return cleaned


class TabletReturnForm(forms.Form):
    pin = forms.CharField(
        label="Worker: type your PIN to return to the record",
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _plain_helper()


class ServiceFilterForm(forms.Form):
    start = forms.DateField(label="From", widget=DATE_WIDGET)
    end = forms.DateField(label="To", widget=DATE_WIDGET)
    service = forms.ChoiceField(label="Service", required=False)
    team = forms.ChoiceField(label="Team", required=False)
    measure = forms.ChoiceField(label="Measure", required=False)

    def __init__(self, *args, services, teams, measure_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", "All my services")] + [(str(s.code), s.name) for s in services]
        self.fields["team"].choices = [("", "All teams")] + [(str(t.code), t.name) for t in teams]
        self.fields["measure"].choices = [("", "All measures"), *measure_choices]
        self.helper = _plain_helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            self.add_error("end", "Enter an end date on or after the start date.")
        return cleaned


class OutcomeSettingsForm(forms.Form):
    offered = forms.MultipleChoiceField(
        label="Measures this service offers", widget=forms.CheckboxSelectMultiple, required=False
    )
    reqol_cutoff = forms.IntegerField(
        label="ReQoL-10 clinical cut-off",
        min_value=1,
        max_value=40,
        help_text="Scores below this count as the clinical range: 24 in the developers' paper, 25 for NHS England.",
    )
    reqol_items = forms.CharField(
        label="ReQoL-10 items from your licensed copy, one per line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    reqol_negative_items = forms.MultipleChoiceField(
        label="ReQoL-10 items worded negatively (scored in reverse)",
        choices=[(str(number), str(number)) for number in range(1, 11)],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Check these against the scoring instructions that came with your licence.",
    )
    reqol_copyright = forms.CharField(label="ReQoL-10 copyright line from your licence", required=False)
    areas = forms.CharField(
        label="Life areas, one per line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Your service's own areas, for example “Living skills”. Do not copy the Recovery Star's areas.",
    )
    area_scale_max = forms.IntegerField(label="Top of the life-areas scale", min_value=3, max_value=10)
    stages = forms.CharField(
        label="Stage labels, one per line as “from point: label”",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example “1: Getting started”, “4: Finding my way”, “8: Doing it my way”.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, measure_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offered"].choices = measure_choices
        self.helper = _plain_helper()

    def clean_stages(self) -> list[tuple[int, str]]:
        stages = []
        for line in self.cleaned_data["stages"].splitlines():
            if not line.strip():
                continue
            start, separator, label = line.partition(":")
            if not separator or not start.strip().isdigit() or not label.strip():
                raise forms.ValidationError(
                    f"Write each stage as “from point: label”, like “1: Getting started”: {line}"
                )
            stages.append((int(start.strip()), label.strip()))
        return stages


def schedule_initial(settings: OutcomeSettings, key: str) -> dict:
    schedule = settings.schedules.get(key, {})
    return {
        f"{key}_baseline_days": schedule.get("baseline_days"),
        f"{key}_every_months": schedule.get("every_months"),
        f"{key}_at_exit": schedule.get("at_exit", False),
    }


class ScheduleForm(forms.Form):
    """Per measure: baseline within N days, then every N months, and at exit."""

    def __init__(self, *args, measure_list, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for measure in measure_list:
            key = measure.key
            self.fields[f"{key}_baseline_days"] = forms.IntegerField(
                label=f"{measure.short_name}: first reading within (days of support starting)",
                min_value=0,
                max_value=365,
                required=False,
            )
            self.fields[f"{key}_every_months"] = forms.IntegerField(
                label=f"{measure.short_name}: then every (months)", min_value=1, max_value=24, required=False
            )
            self.fields[f"{key}_at_exit"] = forms.BooleanField(
                label=f"{measure.short_name}: at the end of support", required=False
            )
            self.rows.append(
                (measure, self[f"{key}_baseline_days"], self[f"{key}_every_months"], self[f"{key}_at_exit"])
            )

    def schedules(self) -> dict:
        return {
            measure.key: {
                "baseline_days": self.cleaned_data.get(f"{measure.key}_baseline_days"),
                "every_months": self.cleaned_data.get(f"{measure.key}_every_months"),
                "at_exit": self.cleaned_data.get(f"{measure.key}_at_exit", False),
            }
            for measure, *_ in self.rows
        }
