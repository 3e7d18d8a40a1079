"""Forms of the payments pages: the signatory declares, then confirms, a bank account."""

from __future__ import annotations

from django import forms

from cesp.core.ui.forms import DateInput, DsfrFormMixin

#: Longest IBAN typed (34 characters, spaces every 4 allowed).
IBAN_MAX_LENGTH = 48


class DeclareAccountForm(DsfrFormMixin, forms.Form):
    """The fields ``services.declare_bank_account`` takes; it does the checking."""

    holder_name = forms.CharField(
        label="Titulaire du compte",
        max_length=140,
        help_text="Le nom et le prénom tels qu'ils figurent sur votre RIB.",
    )
    iban = forms.CharField(
        label="IBAN",
        max_length=IBAN_MAX_LENGTH,
        help_text="Recopiez-le depuis votre RIB, par exemple FR76 3000 4000 0100 0001 2345 617.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    bic = forms.CharField(
        label="BIC",
        max_length=16,
        required=False,
        help_text="Facultatif pour une banque française : il est déduit de l'IBAN.",
    )
    valid_from = forms.DateField(
        label="Valable à partir du",
        required=False,
        widget=DateInput(),
        help_text="Laissez vide pour aujourd'hui ; une date à venir est possible.",
    )


class ConfirmAccountForm(DsfrFormMixin, forms.Form):
    """The IBAN typed again (``services.confirm_bank_account`` compares it)."""

    iban = forms.CharField(
        label="IBAN, saisi une seconde fois",
        max_length=IBAN_MAX_LENGTH,
        help_text="Pour éviter une erreur de recopie, saisissez à nouveau l'IBAN déclaré.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
