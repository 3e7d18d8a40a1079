"""The Django validator of a stored commune code (the rest of ``geography`` is pure Python)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from .search import commune_code_error


def validate_commune_code(value: str) -> None:
    """Only the INSEE code of a current commune may be stored: a postal code (``09000``),
    a former code or a name is refused with a French message naming the communes meant."""
    error = commune_code_error(value)
    if error:
        raise ValidationError(error, code="commune")


def clean_commune_code(code: str, field: str = "commune_code") -> None:
    """For a model's ``clean``: the same check, keyed by ``field`` (empty codes pass:
    whether a commune is required is the model's or the form's business)."""
    if code:
        try:
            validate_commune_code(code)
        except ValidationError as error:
            raise ValidationError({field: error.messages}) from None
