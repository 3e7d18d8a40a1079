"""« Mon compte bancaire »: the signatory declares a dated account, confirms it by typing
the IBAN again, or cancels a pending declaration (workflows-payments.md §2.9-13). Thin:
the checks, the transaction and the audit are in ``services``."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateformat import format as date_format

from cesp.contracts.models import Contract

from . import permissions, services
from .enums import AccountStatus
from .forms import ConfirmAccountForm, DeclareAccountForm
from .models import BankAccount

ACTIONS = ("declare", "confirm", "cancel")


@dataclass
class AccountBlock:
    contract: Contract
    in_force: BankAccount | None
    pending: BankAccount | None
    declare_form: DeclareAccountForm
    confirm_form: ConfirmAccountForm


def _contracts(user) -> list[Contract]:
    """The contracts whose account ``user`` declares (none: the page answers 404)."""
    contracts = [
        contract
        for contract in Contract.objects.visible_to(user)
        .filter(signatory=user)
        .order_by("signature_date", "pk")
        if permissions.can_declare_account(user, contract)
    ]
    if not contracts:
        raise Http404
    return contracts


def _pending(contract: Contract) -> BankAccount | None:
    return (
        BankAccount.objects.filter(contract=contract, status=AccountStatus.PENDING)
        .order_by("-id")
        .first()
    )


def _block(contract: Contract, today, declare=None, confirm=None) -> AccountBlock:
    return AccountBlock(
        contract=contract,
        in_force=BankAccount.objects.filter(contract=contract).in_force(today).first(),
        pending=_pending(contract),
        declare_form=declare or DeclareAccountForm(prefix=f"c{contract.pk}"),
        confirm_form=confirm or ConfirmAccountForm(prefix=f"k{contract.pk}"),
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict") and all(key in form.fields for key in error.error_dict):
        form.add_error(None, error)
    else:
        for message in error.messages:
            form.add_error(None, message)


def bank_account(request: HttpRequest) -> HttpResponse:
    """The account in force, a declaration awaiting confirmation, and the forms."""
    contracts = _contracts(request.user)
    today = timezone.localdate()
    bound: dict[int, dict] = {}
    if request.method == "POST":
        result = _post(request, contracts)
        if result is None:
            return redirect("payments:bank_account")
        bound = result
    blocks = [_block(c, today, **bound.get(c.pk, {})) for c in contracts]
    return render(
        request,
        "payments/bank_account.html",
        {"blocks": blocks, "today": today},
        status=400 if bound else 200,
    )


def _post(request: HttpRequest, contracts: list[Contract]) -> dict[int, dict] | None:
    """Apply the action posted; ``None`` when done, else the bound form with its errors."""
    action = request.POST.get("action", "")
    by_id = {str(c.pk): c for c in contracts}
    contract = by_id.get(request.POST.get("contract", ""))
    if action not in ACTIONS or contract is None:
        raise Http404
    user = request.user
    if action == "declare":
        form = DeclareAccountForm(request.POST, prefix=f"c{contract.pk}")
        if form.is_valid():
            try:
                services.declare_bank_account(user, contract, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    "Le compte est déclaré. Pour qu'il soit pris en compte, confirmez-le "
                    "en saisissant à nouveau son IBAN.",
                )
                return None
        return {contract.pk: {"declare": form}}
    pending = _pending(contract)
    if action == "cancel":
        if pending is None:
            messages.error(request, "Aucune déclaration n'est en attente de confirmation.")
            return None
        try:
            services.cancel_bank_account(user, pending)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "La déclaration est annulée : aucun compte n'a changé.")
        return None
    form = ConfirmAccountForm(request.POST, prefix=f"k{contract.pk}")
    if pending is None:
        messages.error(request, "Aucune déclaration n'est en attente de confirmation.")
        return None
    if form.is_valid():
        try:
            services.confirm_bank_account(user, pending, form.cleaned_data["iban"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                "Le compte est confirmé : l'allocation y sera versée à partir du "
                f"{date_format(pending.valid_from, 'j F Y')}.",
            )
            return None
    return {contract.pk: {"confirm": form}}
