"""Forms of the requests app: filing (fields by kind), opinion, decision."""

from __future__ import annotations

from django import forms

from cesp.core import geography
from cesp.core.ui.forms import CommuneField, DateInput, DsfrFormMixin

from .enums import Ground, Kind, Specialty
from .proofs import ACCEPTED, CheckedProof, check_upload

#: The fields the filing form shows for each kind.
FIELDS_OF_KIND: dict[str, tuple[str, ...]] = {
    Kind.STUDIES_SUSPENSION: ("ground", "start", "end", "motive", "proof"),
    Kind.THIRD_CYCLE_SUSPENSION: ("internship_start", "motive", "proof"),
    Kind.DEFERRAL: ("start", "end", "motive", "proof"),
    Kind.PRACTICE_SUSPENSION: ("start", "end", "motive", "proof"),
    Kind.CHANGE_OF_PLACE: ("commune_code", "start", "motive", "proof"),
    Kind.SIXTH_YEAR_WISH: ("specialty", "region", "motive", "agreement"),
}
REQUIRED = {"ground", "start", "end", "commune_code", "specialty", "region"}


class KindForm(DsfrFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Nature de la demande", choices=Kind.choices)


class FilingForm(DsfrFormMixin, forms.Form):
    ground = forms.ChoiceField(label="Motif de la suspension", choices=Ground.choices)
    start = forms.DateField(label="Date de début", widget=DateInput())
    end = forms.DateField(label="Date de fin", widget=DateInput())
    internship_start = forms.DateField(
        label="Date de prise de fonctions d'interne",
        widget=DateInput(),
        required=False,
        help_text="Laissez vide si elle est déjà enregistrée sur votre contrat.",
    )
    commune_code = CommuneField(label="Commune du nouveau lieu d'exercice")
    specialty = forms.ChoiceField(label="Spécialité souhaitée", choices=Specialty.choices)
    region = forms.ChoiceField(label="Région de la subdivision souhaitée")
    motive = forms.CharField(
        label="Motif de la demande",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )
    proof = forms.FileField(label="Justificatif", required=False, help_text=f"{ACCEPTED}.")
    agreement = forms.FileField(
        label="Accord écrit de l'ARS concernée",
        required=False,
        help_text=f"Nécessaire pour une spécialité autre que la médecine générale ou une autre "
        f"région. {ACCEPTED}.",
    )

    def __init__(self, *args, kind: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        shown = FIELDS_OF_KIND[kind]
        for name in list(self.fields):
            if name not in shown:
                del self.fields[name]
            elif name not in REQUIRED:
                self.fields[name].required = False
        if "region" in self.fields:
            self.fields["region"].choices = sorted(
                geography.regions().items(), key=lambda item: item[1]
            )
        if kind == Kind.CHANGE_OF_PLACE:
            self.fields["start"].label = "Date du changement souhaité"

    def _clean_file(self, name: str) -> CheckedProof | None:
        upload = self.cleaned_data.get(name)
        if not upload:
            return None
        try:
            return check_upload(upload)
        except forms.ValidationError as error:
            self.add_error(name, error)
            return None

    def clean_proof(self) -> CheckedProof | None:
        return self._clean_file("proof")

    def clean_agreement(self) -> CheckedProof | None:
        return self._clean_file("agreement")

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "La date de fin précède la date de début.")
        return data


class OpinionForm(DsfrFormMixin, forms.Form):
    favourable = forms.TypedChoiceField(
        label="Avis",
        choices=[("oui", "Favorable"), ("non", "Défavorable")],
        coerce=lambda value: value == "oui",
    )
    reasons = forms.CharField(
        label="Motivation de l'avis", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class DecisionForm(DsfrFormMixin, forms.Form):
    granted = forms.TypedChoiceField(
        label="Décision",
        choices=[("oui", "Accorder"), ("non", "Refuser")],
        coerce=lambda value: value == "oui",
    )
    reasons = forms.CharField(
        label="Motifs de la décision",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="Ils figurent dans la décision notifiée au signataire.",
    )
