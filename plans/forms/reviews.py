"""The review form: what went well, what changed, the client's view, and progress on each goal."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from plans.choices import GoalStatus, ReviewKind, ReviewOutcome
from plans.forms.plans import DATE_INPUT, text_area
from plans.models import Goal
from plans.services import GoalUpdate


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reviewed_on = forms.DateField(label="Date of the review", widget=DATE_INPUT)
    kind = forms.ChoiceField(label="Kind of review", choices=ReviewKind.choices)
    went_well = forms.CharField(label="What went well", widget=text_area(3), required=False)
    what_changed = forms.CharField(label="What has changed", widget=text_area(3), required=False)
    client_view = forms.CharField(
        label="The client's view, in their words",
        widget=text_area(3),
        required=False,
        help_text="How the client feels the plan is going and what they want next.",
    )
    outcome = forms.ChoiceField(
        label="After this review",
        choices=ReviewOutcome.choices,
        initial=ReviewOutcome.CONTINUE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, goals: list[Goal], **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = goals
        if not self.is_bound:
            self.initial.setdefault("reviewed_on", timezone.localdate())
        for goal in goals:
            self.fields[self.note_name(goal)] = forms.CharField(label="Progress", widget=text_area(2), required=False)
            self.fields[self.status_name(goal)] = forms.ChoiceField(
                label="Where this goal stands now", choices=GoalStatus.choices, initial=goal.status
            )

    @staticmethod
    def note_name(goal: Goal) -> str:
        return f"goal_{goal.code.hex}_note"

    @staticmethod
    def status_name(goal: Goal) -> str:
        return f"goal_{goal.code.hex}_status"

    def goal_rows(self) -> list[dict]:
        return [
            {"goal": goal, "note": self[self.note_name(goal)], "status": self[self.status_name(goal)]}
            for goal in self.goals
        ]

    def goal_updates(self) -> dict[int, GoalUpdate]:
        return {
            goal.pk: GoalUpdate(
                note=self.cleaned_data[self.note_name(goal)], status=self.cleaned_data[self.status_name(goal)]
            )
            for goal in self.goals
        }

    def details(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("reviewed_on", "kind", "went_well", "what_changed", "client_view", "outcome")
        }
