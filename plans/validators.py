"""Validation for the numbers printed on safety plans: UK numbers only, never US ones."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# The dialable part comes first; words after it ("111, option 2", "text SHOUT to 85258") are kept as typed.
_LEADING_NUMBER = re.compile(r"^\+?[\d ()-]+")
_US_NUMBERS = {"911", "988"}
# UK short codes people are told to use: 111, 999, 112, 116 xxx (helplines), 5-digit text lines.
_UK_SHORT = re.compile(r"^(111|999|112|116\d{3}|\d{5})$")


def validate_uk_phone(value: str) -> None:
    """Accept UK numbers (01/02/03/07/08 and +44) and UK short codes; refuse US numbers."""
    text = value.strip()
    if not text:
        return
    if text.upper().startswith("TEXT "):
        # "Text SHOUT to 85258": check the number at the end.
        text = text.rsplit(" ", 1)[-1]
    match = _LEADING_NUMBER.match(text)
    digits = re.sub(r"\D", "", match.group(0)) if match else ""
    message = (
        "Enter a UK number, for example 116 123, 111, option 2, or 0800 123 4567. "
        "US numbers such as 988 or 1-800 numbers do not work from the UK."
    )
    if not digits or digits in _US_NUMBERS:
        raise ValidationError(message)
    if text.startswith("+") and not digits.startswith("44"):
        raise ValidationError(message)
    if digits.startswith("00") and not digits.startswith("0044"):
        raise ValidationError(message)
    if digits.startswith("44") and text.startswith("+"):
        digits = "0" + digits[2:]
    elif digits.startswith("0044"):
        digits = "0" + digits[4:]
    if _UK_SHORT.match(digits):
        return
    if re.fullmatch(r"0[1-9]\d{8,9}", digits):
        return
    raise ValidationError(message)
