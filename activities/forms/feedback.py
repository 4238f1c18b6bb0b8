"""Forms for session feedback (the tablet page) and the "you said, we did" log."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib.auth.hashers import check_password, make_password
from django.utils import timezone

from activities.models import Activity, SessionFeedback
from activities.models.feedback import RATING_LABELS
from recovery.accounts.models import Service

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FeedbackForm(forms.Form):
    """Large, plain choices for a person using a tablet; nothing about anyone else."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    rating = forms.TypedChoiceField(
        label="How was the session?",
        choices=[(str(value), f"{value} {label}") for value, label in RATING_LABELS.items()],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a number from 1 (poor) to 5 (great)."},
    )
    comment = forms.CharField(
        label="Anything you would like to tell us?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        help_text="What you liked, or what would make it better.",
    )
    anonymous = forms.BooleanField(label="Don't put my name to this feedback", required=False)

    def __init__(self, *args, named: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("idempotency_key", uuid.uuid4())
        if not named:
            del self.fields["anonymous"]


PIN_WIDGET_ATTRS = {"inputmode": "numeric", "autocomplete": "off"}


class TabletStartForm(forms.Form):
    """The PIN the worker types to get back in after handing the tablet round."""

    pin = forms.CharField(
        label="Choose a PIN to get back in",
        min_length=4,
        max_length=8,
        widget=forms.PasswordInput(attrs=PIN_WIDGET_ATTRS),
        help_text="4 to 8 digits. You type it when the tablet comes back to you.",
        error_messages={
            "required": "Choose a PIN of 4 to 8 digits.",
            "min_length": "Use at least 4 digits.",
            "max_length": "Use at most 8 digits.",
        },
    )
    pin_again = forms.CharField(
        label="Type the PIN again",
        widget=forms.PasswordInput(attrs=PIN_WIDGET_ATTRS),
        error_messages={"required": "Type the PIN again, to be sure of it."},
    )

    def clean_pin(self) -> str:
        pin = self.cleaned_data["pin"]
        if not pin.isdigit():
            raise forms.ValidationError("Use digits only, 4 to 8 of them.")
        return pin

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pin") and cleaned.get("pin_again") and cleaned["pin_again"] != cleaned["pin"]:
            self.add_error("pin_again", "The two PINs are different: type the same PIN twice.")
        return cleaned

    def pin_hash(self) -> str:
        """Only a hash of the PIN is kept (in the signed hand-over flag)."""
        return make_password(self.cleaned_data["pin"])


class TabletReturnForm(forms.Form):
    pin = forms.CharField(
        label="Staff: type your PIN to go back to the session",
        widget=forms.PasswordInput(attrs=PIN_WIDGET_ATTRS),
        error_messages={"required": "Type the PIN you chose when you handed the tablet over."},
    )

    def pin_matches(self, pin_hash: str) -> bool:
        return check_password(self.cleaned_data["pin"], pin_hash)


class FeedbackChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: SessionFeedback) -> str:
        day = timezone.localtime(obj.session.starts_at)
        return f"{obj.session.activity.title}, {day.day} {day:%b %Y}: {obj.rating}/5 – “{obj.comment[:120]}”"


class YouSaidWeDidForm(forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    activity = forms.ModelChoiceField(
        queryset=Activity.objects.none(),
        required=False,
        label="Activity",
        empty_label="The programme as a whole",
    )
    you_said = forms.CharField(label="You said", widget=forms.Textarea(attrs={"rows": 3}))
    we_did = forms.CharField(label="We did", widget=forms.Textarea(attrs={"rows": 3}))
    changed_on = forms.DateField(label="Changed on", widget=DATE_INPUT)
    feedback = FeedbackChoiceField(
        queryset=SessionFeedback.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Feedback this answers",
    )

    def __init__(self, *args, service: Service, feedback_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("idempotency_key", uuid.uuid4())
        self.fields["activity"].queryset = service.activities.filter(is_active=True).order_by("title")
        self.fields["feedback"].queryset = SessionFeedback.objects.filter(pk__in=[item.pk for item in feedback_choices])
        self.fields["feedback"].choices = [
            (item.pk, self.fields["feedback"].label_from_instance(item)) for item in feedback_choices
        ]
