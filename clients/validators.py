"""Validators for client data."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def nhs_number_is_valid(value: str) -> bool:
    """The NHS number modulus-11 check (NHS Data Dictionary)."""
    digits = value.replace(" ", "")
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def validate_nhs_number(value: str) -> None:
    if value and not nhs_number_is_valid(value):
        raise ValidationError(
            "Enter a valid 10-digit NHS number, for example 943 476 5919. Check the digits: this one fails the NHS check.",
            code="invalid_nhs_number",
        )
