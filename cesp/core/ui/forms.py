"""Shared form plumbing: DSFR classes on widgets, French date inputs, the commune field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse

from cesp.core import geography

#: Longest text a commune field reads (the longest commune name has 45 characters).
COMMUNE_MAX_LENGTH = 100


class DateInput(forms.DateInput):
    """A native date picker (ISO value), usable with a keyboard and on a phone."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DsfrFormMixin:
    """Give every widget the State design system's class (fr-input, fr-select…)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                continue
            css = "fr-select" if isinstance(widget, forms.Select) else "fr-input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class CommuneInput(forms.TextInput):
    """A text field that suggests communes while typing (``ui/commune.js``).

    Without JavaScript it is a plain text field: the server resolves what was typed.
    With it, the field becomes an ARIA 1.2 combobox whose list of suggestions is
    rendered by the server (``ui:commune_suggestions``). A stored commune code is shown
    as its label, ``Foix (09122)``.
    """

    template_name = "ui/commune_input.html"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        text = super().format_value(value)
        found = geography.commune(text) if text else None
        return geography.label(found) if found is not None and found.code == text else text

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        context["widget"]["suggestions_url"] = reverse("ui:commune_suggestions")
        return context


class CommuneField(forms.CharField):
    """A commune typed by name, postal code or INSEE code; cleans to a current commune code.

    Only a commune code of the reference geography comes out: a postal code serving
    several communes (``09000``) or a name borne by several communes is refused with a
    French message naming the candidates (``geography.resolve``).
    """

    widget = CommuneInput
    default_help_text = "Nom, code postal ou code INSEE, par exemple Foix, 09000 ou 09122."

    def __init__(
        self, *, label: str = "Commune", help_text: str | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("max_length", COMMUNE_MAX_LENGTH)
        super().__init__(
            label=label,
            help_text=self.default_help_text if help_text is None else help_text,
            **kwargs,
        )

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        if text in self.empty_values or len(text) > COMMUNE_MAX_LENGTH or "\x00" in text:
            return text  # required / max_length / null-character validators answer
        try:
            return geography.resolve(text).code
        except geography.CommuneNotFound as refusal:
            raise forms.ValidationError(refusal.message, code="commune") from None
