"""Forms of the selection pages (DSFR markup; validation only, the services decide)."""

from __future__ import annotations

from functools import cache

from django import forms

from cesp.accounts.enums import OrganisationKind
from cesp.accounts.models import Organisation
from cesp.core.ui.forms import DateInput, DsfrFormMixin

from .enums import (
    ArreteKind,
    Category,
    ListKind,
    MemberQuality,
    MilestoneKind,
    PieceKind,
    Profession,
)
from .models import Dossier

SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "identite": (
        "Identité",
        (
            "birth_name",
            "usage_name",
            "first_names",
            "birth_date",
            "birth_place",
            "nationality",
            "address",
            "email",
        ),
    ),
    "situation": (
        "Situation",
        (
            "profession",
            "category",
            "study_year",
            "pharmacy_track",
            "ecn_rank",
            "holds_comparable_engagement",
            "free_auditor",
        ),
    ),
    "projet": (
        "Projet professionnel",
        ("specialty", "practice_mode", "practice_place", "wished_subdivision", "agreement_ars"),
    ),
    "social": ("Situation sociale (facultatif)", ("social_situation",)),
}


WIDGETS = {
    "birth_date": DateInput(),
    "address": forms.Textarea(attrs={"rows": 3}),
    "social_situation": forms.Textarea(attrs={"rows": 4}),
}


class SectionForm(DsfrFormMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "agreement_ars" in self.fields:
            self.fields["agreement_ars"].queryset = Organisation.objects.filter(
                kind=OrganisationKind.ARS
            )
            self.fields["agreement_ars"].help_text = (
                "Spécialité autre que la médecine générale dans une autre région : "
                "l'accord écrit de l'ARS concernée est à joindre (pièce « Accord écrit »)."
            )


@cache
def section_form(name: str) -> type[SectionForm]:
    """The ModelForm of one section of the dossier (saved as the candidate goes)."""
    fields = SECTIONS[name][1]
    return forms.modelform_factory(
        Dossier,
        form=SectionForm,
        fields=fields,
        widgets={k: v for k, v in WIDGETS.items() if k in fields},
    )


class PieceForm(DsfrFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Pièce", choices=PieceKind.choices)
    file = forms.FileField(label="Fichier", help_text="PDF, JPEG ou PNG, 5 Mo au plus.")


class MilestoneForm(DsfrFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Étape", choices=MilestoneKind.choices)
    date = forms.DateField(label="Date", widget=DateInput())
    note = forms.CharField(label="Précision", max_length=200, required=False)


class DecisionForm(DsfrFormMixin, forms.Form):
    session = forms.ModelChoiceField(label="Séance", queryset=None, empty_label=None)
    votes_for = forms.IntegerField(label="Voix pour", min_value=0, initial=0, required=False)
    votes_against = forms.IntegerField(label="Voix contre", min_value=0, initial=0, required=False)
    abstentions = forms.IntegerField(label="Abstentions", min_value=0, initial=0, required=False)
    casting_vote = forms.BooleanField(label="Voix prépondérante du DG ARS", required=False)
    reason = forms.CharField(
        label="Motif", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions

    def data_for_workflow(self) -> dict:
        d = self.cleaned_data
        return {
            "session_id": d["session"].pk,
            "votes_for": d["votes_for"] or 0,
            "votes_against": d["votes_against"] or 0,
            "abstentions": d["abstentions"] or 0,
            "casting_vote": d["casting_vote"],
        }


class SessionForm(DsfrFormMixin, forms.Form):
    held_on = forms.DateField(label="Date de la séance", widget=DateInput())
    place = forms.CharField(label="Lieu", max_length=200, required=False)
    dean = forms.CharField(label=MemberQuality.DEAN.label, max_length=150, required=False)
    dg_ars = forms.CharField(label=MemberQuality.DG_ARS.label, max_length=150, required=False)
    ordre = forms.CharField(label=MemberQuality.ORDRE.label, max_length=150, required=False)
    urps = forms.CharField(label=MemberQuality.URPS.label, max_length=150, required=False)
    fhf = forms.CharField(label=MemberQuality.FHF.label, max_length=150, required=False)
    students = forms.CharField(label=MemberQuality.STUDENTS.label, max_length=150, required=False)
    others = forms.CharField(
        label="Autres membres présents (un par ligne)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def members(self) -> list[tuple[str, str]]:
        d = self.cleaned_data
        out = [(d[q], q) for q in ("dean", "dg_ars", "ordre", "urps", "fhf", "students") if d[q]]
        out += [(line.strip()[:150], "other") for line in d["others"].splitlines() if line.strip()]
        return out


class ListsForm(DsfrFormMixin, forms.Form):
    """One row per ranked dossier: its list and its rank there."""

    open_contracts = forms.IntegerField(
        label="Contrats ouverts pris en compte",
        min_value=0,
        help_text="Plafond de la liste principale ; la liste complémentaire compte au plus "
        "4 fois ce nombre (3 fois avant décembre 2013).",
    )
    drawn_on = forms.DateField(label="Listes arrêtées le", widget=DateInput())

    def __init__(self, *args, dossiers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.dossiers = list(dossiers)
        for d in self.dossiers:
            self.fields[f"list_{d.pk}"] = forms.ChoiceField(
                label=f"Liste — {d}",
                choices=[("", "Non inscrit"), *ListKind.choices],
                required=False,
            )
            self.fields[f"rank_{d.pk}"] = forms.IntegerField(
                label=f"Rang — {d}", min_value=1, required=False
            )

    def rows(self):
        return [(d, self[f"list_{d.pk}"], self[f"rank_{d.pk}"]) for d in self.dossiers]

    def clean(self):
        data = super().clean()
        chosen: dict[str, list[tuple[int, int]]] = {"principal": [], "complementary": []}
        for d in self.dossiers:
            kind, rank = data.get(f"list_{d.pk}"), data.get(f"rank_{d.pk}")
            if kind and not rank:
                self.add_error(f"rank_{d.pk}", "Indiquez le rang de ce candidat sur sa liste.")
            elif kind:
                chosen[kind].append((rank, d.pk))
        for kind, items in chosen.items():
            ranks = sorted(r for r, _ in items)
            if ranks != list(range(1, len(ranks) + 1)):
                raise forms.ValidationError(
                    f"{ListKind(kind).label} : les rangs doivent se suivre à partir de 1 "
                    f"(reçus : {', '.join(map(str, ranks))})."
                )
        data["principal"] = [pk for _, pk in sorted(chosen["principal"])]
        data["complementary"] = [pk for _, pk in sorted(chosen["complementary"])]
        return data


class TransmitForm(DsfrFormMixin, forms.Form):
    reference = forms.CharField(
        label="Référence de la transmission (courrier, courriel, dépôt)",
        max_length=200,
        required=False,
    )


class QuotaImportForm(DsfrFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Nature de l'arrêté", choices=ArreteKind.choices)
    academic_year = forms.IntegerField(
        label="Année universitaire (2026 = 2026-2027)", min_value=2010, max_value=2100
    )
    reference = forms.CharField(label="Référence de l'arrêté (NOR, date)", max_length=200)
    published_on = forms.DateField(label="Publié le", widget=DateInput())
    file = forms.FileField(
        label="Fichier CSV ou XLSX",
        help_text="Arrêté annuel : colonnes ufr, categorie, profession, contrats. "
        "Redistribution : ufr_origine, ufr_cible, categorie, profession, contrats.",
    )


class FungibilityForm(DsfrFormMixin, forms.Form):
    source_category = forms.ChoiceField(label="Catégorie d'origine", choices=Category.choices)
    source_profession = forms.ChoiceField(label="Profession d'origine", choices=Profession.choices)
    target_category = forms.ChoiceField(label="Catégorie cible", choices=Category.choices)
    target_profession = forms.ChoiceField(label="Profession cible", choices=Profession.choices)
    contracts = forms.IntegerField(label="Contrats déplacés", min_value=1)
    effective_on = forms.DateField(label="Date d'effet", widget=DateInput())
    reference = forms.CharField(label="Référence de la décision", max_length=200)
    reason = forms.CharField(
        label="Motif", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class OpenCampaignForm(DsfrFormMixin, forms.Form):
    """Open a UFR's campaign (its own for a UFR agent; any UFR for the manager)."""

    academic_year = forms.IntegerField(
        label="Année universitaire (2027 = 2027-2028)", min_value=2010, max_value=2100
    )
    ufr = forms.ModelChoiceField(label="UFR", queryset=Organisation.objects.none())

    def __init__(self, *args, ufrs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ufr"].queryset = ufrs if ufrs is not None else Organisation.objects.none()
