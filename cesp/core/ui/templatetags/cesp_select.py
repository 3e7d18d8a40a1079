"""``{% select_field form.name %}``: a DSFR select group written in Python.

The same markup as ``ui/field.html`` with Django's ``Select`` widget (a test compares the
options with Django's rendering), without one template node per option: the contract
list's six filters have ~80 options, which cost several milliseconds of template
rendering per page (docs/platform.md, Performance). A model choice field reads its
queryset in one query (Django's choice iterator counts it first, then opens a cursor).
"""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.forms.models import ModelChoiceIterator
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _choices(field: BoundField) -> list[tuple[object, object]]:
    """The (value, label) pairs of a field with flat choices (no groups)."""
    choices = field.field.choices
    if isinstance(choices, ModelChoiceIterator):
        empty = field.field.empty_label
        head = [] if empty is None else [("", empty)]
        return head + [choices.choice(obj) for obj in choices.queryset]
    return list(choices)


@register.simple_tag
def select_field(field: BoundField) -> SafeString:
    """The label, the select (the bound value selected) and the errors of ``field``."""
    value = field.value()
    value = "" if value is None else str(value)
    errors = field.errors
    ident = escape(field.id_for_label)
    error_id = f"{escape(field.auto_id)}-error"
    invalid = f' aria-invalid="true" aria-describedby="{error_id}"' if errors else ""
    options = "".join(
        f'<option value="{escape(key)}"{" selected" if str(key) == value else ""}>'
        f"{escape(label)}</option>"
        for key, label in _choices(field)
    )
    parts = [
        f'<div class="fr-select-group{" fr-select-group--error" if errors else ""}">',
        f'<label class="fr-label" for="{ident}">{escape(field.label)}</label>',
        f'<select name="{escape(field.html_name)}" class="fr-select" id="{ident}"{invalid}>',
        options,
        "</select>",
    ]
    if errors:
        text = " ".join(escape(e) for e in errors)
        parts.append(f'<p class="fr-error-text" id="{error_id}">{text}</p>')
    parts.append("</div>")
    return mark_safe("\n".join(parts))
