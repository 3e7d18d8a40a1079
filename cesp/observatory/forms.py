"""Dashboard filters (GET form, French labels)."""

from __future__ import annotations

from django import forms

from cesp.core.geography import regions
from cesp.core.ui.forms import DsfrFormMixin
from cesp.rules.vocabulary import PROFESSIONS

MODES = (
    ("publication", "Publication (effectifs < 11 masqués)"),
    ("internal", "Interne (sans masquage)"),
)


def region_choices() -> list[tuple[str, str]]:
    return sorted(
        ((code, name) for code, name in regions().items() if len(code) == 2), key=lambda c: c[1]
    )


class DashboardFilterForm(DsfrFormMixin, forms.Form):
    region = forms.ChoiceField(label="Région", choices=(), required=False)
    profession = forms.ChoiceField(
        label="Profession étudiée", choices=list(PROFESSIONS.items()), required=False
    )
    campaign_from = forms.IntegerField(
        label="Campagnes depuis", min_value=2009, max_value=2100, required=False
    )
    campaign_to = forms.IntegerField(
        label="jusqu'à", min_value=2009, max_value=2100, required=False
    )
    mode = forms.ChoiceField(label="Mode", choices=MODES, required=False)

    def __init__(
        self, *args, fixed_region: str | None = None, internal_allowed: bool = True, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        if not internal_allowed:
            # Publication only: the field ignores what is submitted (the view decides
            # the mode from the user's role anyway, see permissions.publication_mode).
            self.fields["mode"].choices = MODES[:1]
            self.fields["mode"].disabled = True
            self.fields["mode"].initial = "publication"
        self.fields["region"].choices = [("", "Toutes les régions"), *region_choices()]
        if fixed_region:
            self.fields["region"].choices = [c for c in region_choices() if c[0] == fixed_region]
            self.fields["region"].disabled = True
            self.fields["region"].initial = fixed_region

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("campaign_from"), data.get("campaign_to")
        if start is not None and end is not None and start > end:
            self.add_error("campaign_to", "L'année de fin doit suivre l'année de début.")
        return data
