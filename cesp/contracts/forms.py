"""Forms of the contract pages: list filters, event recording, export columns.

Forms only collect and type the input; the facts are validated by the rules engine
through ``services.record_event`` and its errors are put back beside their field.
"""

from __future__ import annotations

from django import forms

from cesp.accounts.enums import OrganisationKind
from cesp.accounts.models import Organisation
from cesp.core.geography import regions
from cesp.core.ui.forms import CommuneField, DateInput, DsfrFormMixin
from cesp.rules.params import citation
from cesp.rules.vocabulary import PHASE_LABELS, STATUS_LABELS

from .enums import (
    EVENT_SPECS,
    BreachCause,
    Category,
    EventType,
    Profession,
    SuspensionReason,
)
from .exports import COLUMNS, DEFAULT_COLUMNS
from .permissions import list_narrowings

#: The usual legal basis of each event, an id of ``cesp/rules/parameters/references.yaml``
#: whose citation the form proposes (the agent may change it). A cancellation has none.
LEGAL_BASIS: dict[str, str] = {
    EventType.SUSPENSION: "arrete_2010_07_27_selection_art3",
    EventType.INTERNSHIP_START: "code_education_r632_2",
    EventType.THIRD_CYCLE_SUSPENSION_REQUEST: "arrete_2010_07_27_selection_art3_2c",
    EventType.DES: "code_education_r632_26",
    EventType.THESIS: "code_education_r632_26",
    EventType.PATHWAY_END: "code_sante_publique_l4111_2",
    EventType.DEFERRAL: "code_education_r632_74",
    EventType.DEFERRAL_GRANTED: "code_education_r632_74",
    EventType.PRACTICE: "code_education_l632_6",
    EventType.PRACTICE_SUSPENSION: "arrete_2010_07_27_selection_art3",
    EventType.BREACH: "code_education_l632_6_al4",
    EventType.INSTALLATION_DECISION: "code_education_r632_73",
    EventType.CHANGE_OF_PLACE: "code_education_r632_73",
}


def legal_basis_for(event_type: str) -> str:
    """The citation proposed as the legal basis of an event of ``event_type`` (or "")."""
    ref_id = LEGAL_BASIS.get(event_type)
    return citation(ref_id) if ref_id else ""


def _blank(label: str, choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", label), *choices]


class ContractFilterForm(DsfrFormMixin, forms.Form):
    """Filters of the contract list (all optional)."""

    q = forms.CharField(
        label="Rechercher",
        required=False,
        help_text="Référence, nom ou identifiant du signataire.",
        max_length=100,
    )
    status = forms.ChoiceField(
        label="Statut", required=False, choices=_blank("Tous", list(STATUS_LABELS.items()))
    )
    phase = forms.ChoiceField(
        label="Phase",
        required=False,
        choices=_blank("Toutes", list(PHASE_LABELS.items())),
    )
    region = forms.ChoiceField(label="Région de suivi", required=False)
    ufr = forms.ModelChoiceField(
        label="UFR", required=False, queryset=Organisation.objects.none(), empty_label="Toutes"
    )
    campaign_year = forms.IntegerField(
        label="Campagne", required=False, min_value=2009, max_value=2100
    )
    profession = forms.ChoiceField(
        label="Profession", required=False, choices=_blank("Toutes", Profession.choices)
    )
    category = forms.ChoiceField(
        label="Catégorie", required=False, choices=_blank("Toutes", Category.choices)
    )

    suivi = forms.ChoiceField(label="Signataires", required=False, choices=[("", "Tous")])

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["suivi"].choices = _blank("Tous", list_narrowings(user))
        names = regions()
        self.fields["region"].choices = _blank(
            "Toutes", sorted(names.items(), key=lambda item: item[1])
        )
        self.fields["ufr"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.UFR
        ).order_by("name")


class ExportForm(DsfrFormMixin, forms.Form):
    """The columns and the format of an export of the (filtered) list."""

    columns = forms.MultipleChoiceField(
        label="Colonnes",
        choices=[(key, col.label) for key, col in COLUMNS.items()],
        initial=list(DEFAULT_COLUMNS),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins une colonne."},
    )
    format = forms.ChoiceField(
        label="Format",
        choices=[("csv", "CSV (UTF-8)"), ("xlsx", "Excel (XLSX)")],
        initial="csv",
        widget=forms.RadioSelect,
    )


class EventForm(DsfrFormMixin, forms.Form):
    """One event of a given type; the fields shown depend on the type."""

    date = forms.DateField(label="Date", widget=DateInput())
    start = forms.DateField(label="Début", widget=DateInput())
    end = forms.DateField(
        label="Fin", widget=DateInput(), required=False, help_text="Vide si en cours."
    )
    zone_share = forms.DecimalField(
        label="Part de l'activité en zone (entre 0 et 1)",
        min_value=0,
        max_value=1,
        max_digits=4,
        decimal_places=3,
        initial=1,
        help_text="1 pour un temps plein en zone ; 0,5 pour un mi-temps.",
    )
    suspension_reason = forms.ChoiceField(
        label="Motif de la suspension", choices=SuspensionReason.choices
    )
    cause = forms.ChoiceField(label="Cause", choices=BreachCause.choices)
    commune_code = CommuneField(required=False)
    supersedes = forms.TypedChoiceField(label="Événement annulé", coerce=int)
    reason = forms.CharField(
        label="Motif",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Pourquoi cet événement est enregistré (pièce reçue, décision…).",
    )
    legal_basis = forms.CharField(label="Fondement juridique", max_length=300, required=False)

    def __init__(self, *args, event_type: str, cancellable=(), correcting=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.event_type = event_type
        self.correcting = correcting
        spec = EVENT_SPECS[event_type]  # the fields of the type, as declared
        keep = {"reason", "legal_basis", *spec.date_fields, *spec.fields}
        if spec.commune:
            keep.add("commune_code")
        if spec.end_required:
            self.fields["end"].required = True
            self.fields["end"].help_text = ""
        if "supersedes" in spec.fields:
            self.fields["supersedes"].choices = [(e.pk, str(e)) for e in cancellable]
        elif correcting is not None:
            keep.add("supersedes")
            supersedes = self.fields["supersedes"]
            supersedes.choices = [(correcting.pk, str(correcting))]
            supersedes.widget = forms.HiddenInput()
            supersedes.initial = correcting.pk
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "legal_basis" in self.fields:
            self.fields["legal_basis"].initial = legal_basis_for(event_type)
        if correcting is not None and event_type != EventType.CANCELLATION:
            for name in keep - {"reason", "supersedes"}:
                value = getattr(correcting, name, None)
                if value not in (None, ""):
                    self.fields[name].initial = value

    def service_data(self) -> dict:
        """The cleaned data in the shape ``services.record_event`` expects."""
        data = {"type": self.event_type}
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            data[name] = value
        return data
