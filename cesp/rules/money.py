"""Money: ``Decimal`` euros with cents, never float. Every rounding is explicit."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def euros(value: str | int | Decimal) -> Decimal:
    """An amount in euros, exact; refuses floats so none slips in."""
    if isinstance(value, float):
        raise TypeError("les montants ne sont jamais des flottants : passez une chaîne")
    return Decimal(value)


def round_cents(amount: Decimal) -> Decimal:
    """Round half-up to the cent (the convention of the payment statements)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_euros(amount: Decimal) -> str:
    """``'1085.63'``: two decimals, as in the JSON interfaces."""
    return str(round_cents(amount))


def format_euros_fr(amount: Decimal) -> str:
    """``'1 085,63 €'`` for people (French typography, narrow no-break spaces)."""
    text = f"{round_cents(amount):,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{text}\u00a0€"
