"""Where the payments made to a contract are read: the payments app (above contracts)
registers its reader through ``figures.register_payments_provider``; without it a contract
has received nothing. ``models.ContractQuerySet.with_facts`` and ``figures`` read here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class PaymentMade:
    """One line of allocation actually paid (or offset in a transfer paid)."""

    month: date
    kind: str
    sequence: int
    gross: Decimal
    net: Decimal
    paid_on: date


#: ``(contract ids) -> {contract id: [PaymentMade, ...]}``, oldest month first.
PaymentsProvider = Callable[[Sequence[int]], dict[int, list[PaymentMade]]]
_provider: list[PaymentsProvider] = []


def register(provider: PaymentsProvider) -> None:
    _provider[:] = [provider]


def read(contract_ids: Sequence[int]) -> dict[int, list[PaymentMade]]:
    """The payments made to each contract (empty when no provider is registered)."""
    if not _provider or not contract_ids:
        return {}
    return _provider[0](contract_ids)


def attach(contracts: Sequence[Any]) -> None:
    """Read the payments made to ``contracts`` in one query and leave them on each
    instance (``_payments_made``), as a prefetch would."""
    missing = [c for c in contracts if getattr(c, "_payments_made", None) is None]
    made = read([c.pk for c in missing])
    for contract in missing:
        contract._payments_made = made.get(contract.pk, [])
