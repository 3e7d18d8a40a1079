"""Cost of the allocation for the observatory: months financed × the gross amount.

The gross monthly amount is a dated parameter of the rules engine
(``cesp.rules.allocation.gross_monthly_amount``, 1 200 €, art. R631-24-3 C. éduc.);
this module never re-derives it. interfaces.md §2: costs use 1 200 € per month.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

from cesp.rules.allocation import gross_monthly_amount
from cesp.rules.money import format_euros, round_cents


def amount_source() -> str:
    """Where the monthly amount comes from (the report says it)."""
    return (
        "allocation brute en vigueur pour chaque mois couvert (art. R631-24-3 du code de "
        "l'éducation ; arrêté du 27 juillet 2010 et suivants)"
    )


@lru_cache(maxsize=512)
def _amount_in_month(year: int, month: int) -> Decimal:
    return Decimal(gross_monthly_amount(date(year, month, 1)))


# The parameter is selected by the month covered; no month is covered before the first
# effect date, 1 October 2010 (arrêté du 27 juillet 2010, art. 3; interfaces.md §1), so a
# signature recorded earlier in 2010 is priced at the first month covered.
FIRST_MONTH_COVERED = date(2010, 10, 1)


def monthly_amount(on: date) -> Decimal:
    """Gross monthly allocation in force on ``on`` (from the rules engine)."""
    on = max(on, FIRST_MONTH_COVERED)
    return _amount_in_month(on.year, on.month)


def cost_of(months: int, on: date) -> Decimal:
    """Months financed × the gross amount in force on ``on`` (the signature date)."""
    return monthly_amount(on) * months


def per_unit(total: Decimal, count: int) -> str | None:
    """``total / count`` rounded half-up to the cent, as a JSON amount string."""
    if count == 0:
        return None
    return format_euros(round_cents(total / count))
