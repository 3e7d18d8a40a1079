"""Forms of the offers pages (DSFR); the rules are checked by the services."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from cesp.core.ui.forms import DateInput, DsfrFormMixin

from .enums import Proof


class StartForm(DsfrFormMixin, forms.Form):
    channel = forms.ChoiceField(
        label="Envoi des offres",
        choices=Proof.choices,
        initial=Proof.PORTAL,
        help_text="Portail : l'offre est reçue quand elle est déposée dans l'espace du "
        "candidat (horodatage). Lettre : la réception prouvée sera saisie.",
    )
    delivery_days = forms.IntegerField(
        label="Acheminement prévu (jours)",
        min_value=0,
        max_value=30,
        initial=0,
        help_text="Pour les projections seulement ; la réception prouvée l'emporte.",
    )


class FactForm(DsfrFormMixin, forms.Form):
    """The date of a fact, its proof and the reference of the proof."""

    on = forms.DateField(label="Date", widget=DateInput())
    proof = forms.ChoiceField(label="Preuve (date certaine)", choices=Proof.choices)
    reference = forms.CharField(
        label="Référence de la preuve",
        required=False,
        max_length=100,
        help_text="Numéro de l'avis de réception ou de la lettre recommandée électronique.",
    )

    def __init__(self, *args, date_label: str = "Date", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = date_label
        self.fields["on"].initial = timezone.localdate()


class WithdrawForm(DsfrFormMixin, forms.Form):
    on = forms.DateField(label="Date du désistement", widget=DateInput())
    reason = forms.CharField(
        label="Motif", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class DateForm(DsfrFormMixin, forms.Form):
    on = forms.DateField(label="Date du contreseing", widget=DateInput())
