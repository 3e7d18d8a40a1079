"""Forms of the breach pages (French labels, DSFR widgets)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms

from cesp.core.ui.forms import DateInput, DsfrFormMixin

from .enums import AppealOutcome, Channel, Ground

REPORT_GROUNDS = [(code, label) for code, label in Ground.choices if code != "signatory_letter"]
AGENT_CHANNELS = [(c, label) for c, label in Channel.choices if c != Channel.ONLINE]


class ContractReferenceField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        super().__init__(label="Référence du contrat", max_length=40, **kwargs)


class LetterForm(DsfrFormMixin, forms.Form):
    contract = ContractReferenceField()
    sent_on = forms.DateField(label="Lettre envoyée le", widget=DateInput(), required=False)
    received_on = forms.DateField(
        label="Lettre reçue le (date de réception prouvée)",
        widget=DateInput(),
        help_text="La rupture prend effet à cette date (contrat type, art. 6).",
    )
    proof = forms.CharField(label="Numéro de l'envoi recommandé", max_length=40, required=False)
    facts = forms.CharField(label="Contenu de la lettre", widget=forms.Textarea, required=False)


class ReportForm(DsfrFormMixin, forms.Form):
    contract = ContractReferenceField()
    ground = forms.ChoiceField(label="Motif", choices=REPORT_GROUNDS)
    reported_on = forms.DateField(label="Constaté le", widget=DateInput())
    facts = forms.CharField(
        label="Faits constatés (dates, lieu, pièces)", widget=forms.Textarea, max_length=5000
    )


class DispatchForm(DsfrFormMixin, forms.Form):
    sent_on = forms.DateField(label="Envoyé le", widget=DateInput())
    number = forms.CharField(label="Numéro de l'envoi recommandé", max_length=40)


class NotifyForm(DispatchForm):
    due_on = forms.DateField(label="Échéance de paiement", widget=DateInput())


class ReceiptForm(DsfrFormMixin, forms.Form):
    received_on = forms.DateField(label="Reçu le (avis de réception)", widget=DateInput())


class ObservationForm(DsfrFormMixin, forms.Form):
    received_on = forms.DateField(label="Reçues le", widget=DateInput())
    channel = forms.ChoiceField(label="Moyen", choices=AGENT_CHANNELS)
    text = forms.CharField(label="Observations", widget=forms.Textarea, max_length=10000)


class SignatoryTextForm(DsfrFormMixin, forms.Form):
    text = forms.CharField(label="Votre texte", widget=forms.Textarea, max_length=10000)


class AppealForm(DsfrFormMixin, forms.Form):
    received_on = forms.DateField(label="Reçu le (date certaine)", widget=DateInput())
    channel = forms.ChoiceField(label="Moyen", choices=AGENT_CHANNELS)
    proof = forms.CharField(label="Preuve de la date (numéro d'envoi…)", max_length=80)
    text = forms.CharField(label="Motifs du recours", widget=forms.Textarea, max_length=10000)


class DecisionForm(DsfrFormMixin, forms.Form):
    decided_on = forms.DateField(label="Date de la décision", widget=DateInput())
    reason = forms.CharField(label="Motivation", widget=forms.Textarea, required=False)


class ReasonForm(DsfrFormMixin, forms.Form):
    reason = forms.CharField(label="Motif", widget=forms.Textarea, max_length=5000)


class AnswerForm(DsfrFormMixin, forms.Form):
    outcome = forms.ChoiceField(label="Issue", choices=AppealOutcome.choices)
    answer = forms.CharField(label="Réponse motivée", widget=forms.Textarea, max_length=5000)


class EmptyForm(DsfrFormMixin, forms.Form):
    pass


LINE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*[;:]?\s*([\d\s\u202f\u00a0.,]+)\s*€?\s*$")


class PlanForm(DsfrFormMixin, forms.Form):
    instalments = forms.CharField(
        label="Échéances (une par ligne : date ; montant)",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Par exemple : 31/01/2027 ; 1 500,00",
    )

    def clean_instalments(self) -> list[tuple[date, Decimal]]:
        out = []
        for number, line in enumerate(self.cleaned_data["instalments"].splitlines(), start=1):
            if not line.strip():
                continue
            match = LINE.match(line)
            if not match:
                raise forms.ValidationError(
                    f"Ligne {number} illisible : « {line.strip()} » (attendu : JJ/MM/AAAA ; "
                    "montant)."
                )
            day, month, year, amount = match.groups()
            try:
                due = date(int(year), int(month), int(day))
                value = Decimal(re.sub(r"[\s\u202f\u00a0]", "", amount).replace(",", "."))
            except (ValueError, InvalidOperation):
                raise forms.ValidationError(
                    f"Ligne {number} : date ou montant invalide (« {line.strip()} »)."
                ) from None
            out.append((due, value))
        return out


class RepaymentForm(DsfrFormMixin, forms.Form):
    received_on = forms.DateField(label="Reçu le", widget=DateInput())
    amount = forms.DecimalField(label="Montant (€)", max_digits=12, decimal_places=2)
    reference = forms.CharField(label="Référence du paiement", max_length=80, required=False)
