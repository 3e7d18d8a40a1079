"""Forms of the territories pages (French labels, DSFR widgets)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from cesp.core.tabular.limits import Limits, too_big
from cesp.core.ui.forms import CommuneField, DateInput, DsfrFormMixin
from cesp.rules.aids import MODES
from cesp.rules.vocabulary import PROFESSIONS

from .enums import PracticeMode, Structure, ZoningProfession

MODE_LABELS = {"liberal": "Libéral", "salarie": "Salarié", "mixte": "Mixte"}


class LookupForm(DsfrFormMixin, forms.Form):
    commune = CommuneField()
    date = forms.DateField(label="Date", widget=DateInput(), initial=timezone.localdate)
    profession = forms.ChoiceField(
        label="Profession", choices=list(PROFESSIONS.items()), initial="medecine"
    )


class AidsForm(LookupForm):
    mode = forms.ChoiceField(
        label="Mode d'exercice", choices=[(m, MODE_LABELS[m]) for m in MODES], initial="liberal"
    )
    guard_sector_zip = forms.ChoiceField(
        label="Une commune du secteur de garde est-elle en ZIP ?",
        choices=[("", "Je ne sais pas"), ("oui", "Oui"), ("non", "Non")],
        required=False,
        help_text="Condition de l'exonération fiscale de permanence des soins (PDSa).",
    )


class MapForm(DsfrFormMixin, forms.Form):
    date = forms.DateField(label="Zonage en vigueur le", widget=DateInput(), required=False)
    profession = forms.ChoiceField(label="Zonage", choices=ZoningProfession.choices, required=False)


class ZoningImportForm(DsfrFormMixin, forms.Form):
    file = forms.FileField(
        label="Fichier du zonage (CSV ou XLSX)",
        help_text="Colonnes : code commune INSEE et zonage (ZIP, ZAC…).",
    )
    region = forms.ChoiceField(label="Région")
    profession = forms.ChoiceField(label="Profession", choices=ZoningProfession.choices)
    valid_from = forms.DateField(label="En vigueur à partir du", widget=DateInput())
    valid_to = forms.DateField(label="Jusqu'au (facultatif)", widget=DateInput(), required=False)
    act = forms.CharField(label="Arrêté ARS (référence)", max_length=300)
    commune_column = forms.CharField(
        label="Colonne du code commune (facultatif)", required=False, max_length=100
    )
    zone_column = forms.CharField(
        label="Colonne du zonage (facultatif)", required=False, max_length=100
    )
    sheet = forms.CharField(label="Feuille XLSX (facultatif)", required=False, max_length=100)
    allow_missing = forms.BooleanField(
        label="Accepter des communes de la région absentes du fichier", required=False
    )
    apply = forms.BooleanField(
        label="Importer (sinon : vérification seule, rien n'est écrit)", required=False
    )

    def __init__(self, *args, regions: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = sorted(regions.items(), key=lambda item: item[1])

    def clean_file(self):
        """Refused by its size before it is read (the reader checks the rest)."""
        upload = self.cleaned_data["file"]
        if refusal := too_big(upload.size, Limits.from_settings()):
            raise forms.ValidationError(refusal[0].upper() + refusal[1:])
        return upload


class PlaceForm(DsfrFormMixin, forms.Form):
    commune = CommuneField()
    name = forms.CharField(label="Nom du lieu", max_length=200)
    structure = forms.ChoiceField(label="Structure", choices=Structure.choices)
    mode = forms.ChoiceField(label="Mode d'exercice", choices=PracticeMode.choices)
    specialty = forms.CharField(label="Spécialité", max_length=100, initial="médecine générale")
    profession = forms.ChoiceField(label="Profession", choices=ZoningProfession.choices)
    published_on = forms.DateField(
        label="Publié le", widget=DateInput(), initial=timezone.localdate
    )


class ProjectForm(DsfrFormMixin, forms.Form):
    commune = CommuneField(label="Commune du projet")
    declared_on = forms.DateField(
        label="Reçu par l'ARS le", widget=DateInput(), initial=timezone.localdate
    )
