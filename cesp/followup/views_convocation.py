"""Pages of the convocation path (``convocations.py``): open a case, take its steps."""

from __future__ import annotations

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from cesp.accounts.permissions import is_national
from cesp.core.ui.forms import DateInput, DsfrFormMixin
from cesp.core.workflow.engine import TransitionRefused

from . import convocations, permissions
from .models import Convocation, ConvocationStep
from .views import _contract, _errors


class ConvokeForm(DsfrFormMixin, forms.Form):
    meeting_on = forms.DateField(label="Date de la convocation", widget=DateInput())
    proof = forms.CharField(label="Numéro de la lettre recommandée", max_length=100)


class StepForm(DsfrFormMixin, forms.Form):
    step = forms.ChoiceField(label="Étape")
    on = forms.DateField(label="Date", widget=DateInput(), required=False)
    meeting_on = forms.DateField(
        label="Nouvelle date de convocation (relance)", widget=DateInput(), required=False
    )
    proof = forms.CharField(
        label="Numéro de LRAR ou preuve de réception", max_length=100, required=False
    )
    reason = forms.CharField(label="Motif", max_length=500, required=False)

    def __init__(self, *args, choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = choices


class ReceiptForm(DsfrFormMixin, forms.Form):
    step_id = forms.IntegerField(widget=forms.HiddenInput())
    received_on = forms.DateField(label="Reçu le (accusé de réception)", widget=DateInput())


def open_case(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    if not permissions.can_manage_followup(request.user, contract):
        raise Http404
    form = ConvokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case_ = convocations.convoke(contract, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            flash.success(request, "La convocation est enregistrée et son courrier archivé.")
            return redirect("followup:convocation", pk=case_.pk)
    return render(request, "followup/convoke.html", {"contract": contract, "form": form})


def case(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Convocation.objects.select_related("contract"), pk=pk)
    contract = _contract(request, found.contract_id)
    available = convocations.CONVOCATION.available(found, request.user)
    form = StepForm(request.POST or None, choices=[(t.name, t.label) for t in available])
    receipt = ReceiptForm(request.POST or None, prefix="receipt")
    if request.method == "POST" and "receipt-step_id" in request.POST:
        if not (
            permissions.can_manage_followup(request.user, contract) or is_national(request.user)
        ):
            raise Http404
        if receipt.is_valid():
            step = get_object_or_404(
                ConvocationStep, pk=receipt.cleaned_data["step_id"], convocation=found
            )
            try:
                convocations.record_receipt(
                    step, by=request.user, received_on=receipt.cleaned_data["received_on"]
                )
            except ValidationError as exc:
                flash.error(request, " ".join(exc.messages))
            return redirect("followup:convocation", pk=found.pk)
    elif request.method == "POST":
        if not available:
            raise Http404
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in ("on", "meeting_on", "proof")}
            try:
                convocations.advance(
                    found,
                    form.cleaned_data["step"],
                    by=request.user,
                    data={k: v for k, v in data.items() if v},
                    reason=form.cleaned_data["reason"],
                )
            except TransitionRefused as exc:
                for reason in exc.reasons:
                    form.add_error(None, reason)
            else:
                flash.success(request, "L'étape est enregistrée et son courrier archivé.")
                return redirect("followup:convocation", pk=found.pk)
    return render(
        request,
        "followup/convocation.html",
        {
            "case": found,
            "contract": contract,
            "steps": found.steps.select_related("document"),
            "form": form if available else None,
            "state_label": found.get_state_display(),
        },
    )
