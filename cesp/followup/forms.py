"""Forms of the follow-up (French labels; checks that need the rules are in services)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from cesp.accounts.enums import Role
from cesp.core.ui.forms import CommuneField, DateInput, DsfrFormMixin

from .enums import Channel, MeetingMode


class PlanMeetingForm(DsfrFormMixin, forms.Form):
    planned_on = forms.DateField(label="Date prévue", widget=DateInput())
    mode = forms.ChoiceField(label="Modalité", choices=MeetingMode.choices)


class RecordMeetingForm(DsfrFormMixin, forms.Form):
    held_on = forms.DateField(label="Date de l'échange", widget=DateInput())
    mode = forms.ChoiceField(label="Modalité", choices=MeetingMode.choices)
    project_update = forms.CharField(
        label="Point sur le projet professionnel",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    commune_1 = CommuneField(label="Commune visée", required=False)
    commune_2 = CommuneField(label="Autre commune visée", required=False)
    commune_3 = CommuneField(label="Autre commune visée", required=False)

    def communes(self) -> list[str]:
        return [self.cleaned_data[name] for name in ("commune_1", "commune_2", "commune_3")]


class ThreadForm(DsfrFormMixin, forms.Form):
    channel = forms.ChoiceField(label="Destinataire", choices=Channel.choices)
    subject = forms.CharField(label="Objet", max_length=200)
    body = forms.CharField(
        label="Message", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )

    def __init__(self, *args, channels: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [c for c in Channel.choices if c[0] in channels]


class MessageForm(DsfrFormMixin, forms.Form):
    body = forms.CharField(
        label="Votre réponse", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class AssignForm(DsfrFormMixin, forms.Form):
    referent = forms.ModelChoiceField(
        label="Référent", queryset=get_user_model().objects.none(), empty_label=None
    )
    reason = forms.CharField(label="Motif (facultatif)", max_length=300, required=False)

    def __init__(self, *args, region: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True,
                role__in=[Role.ARS_REFERENT, Role.ARS_DIRECTOR],
                organisation__region_code=region,
            )
            .order_by("last_name", "username")
        )
        self.fields["referent"].label_from_instance = lambda u: u.get_full_name() or u.username


class HandOverForm(AssignForm):
    from_user = forms.ModelChoiceField(
        label="Référent qui part", queryset=get_user_model().objects.none(), empty_label=None
    )
    reason = forms.CharField(label="Motif de la passation", max_length=300)

    field_order = ["from_user", "referent", "reason"]

    def __init__(self, *args, region: str, **kwargs) -> None:
        super().__init__(*args, region=region, **kwargs)
        self.fields["from_user"].queryset = self.fields["referent"].queryset
        self.fields["from_user"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["referent"].label = "Nouveau référent"
