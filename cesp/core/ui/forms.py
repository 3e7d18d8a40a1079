"""Shared form plumbing: DSFR classes on widgets, French date inputs."""

from django import forms


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
