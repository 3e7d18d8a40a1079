"""The breakdown of one month of allocation: gross, CSG (and its deductible part), CRDS,
net and net taxable (workflows-payments.md §2.2, §2.9-10).

- CSG and CRDS are levied on the gross less the professional-expenses allowance, at the
  rates of the month covered, each rounded half-up to the cent (arrêté du 27 juillet 2010
  relatif au montant, art. 2, citing CSS L136-2; CSS L136-8; ordonnance 96-50 art. 14):
  the net is ``net_monthly_amount``'s, never a second formula.
- The deductible part of the CSG (CGI art. 154 quinquies: 5,1 % until 2017, 6,8 % from
  2018, of the same base) is taken off the gross to give the net taxable: 1 200,00 −
  80,17 = 1 119,83 € from 2018 (§2.2's table).
- The withholding at source (PAS) is the rate received for the beneficiary applied to
  the net taxable, rounded to the cent (CGI art. 204 A; rate 0 when none is known,
  §2.4: "apply the rate received, not the cycle").
- A regularisation is the same breakdown with every amount negative (choice P4).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from cesp.rules import params
from cesp.rules.allocation import net_monthly_amount
from cesp.rules.money import round_cents
from cesp.rules.months import Month

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Breakdown:
    gross: Decimal
    csg: Decimal
    csg_deductible: Decimal
    crds: Decimal
    net: Decimal
    taxable: Decimal
    pas_rate: Decimal = Decimal(0)
    pas: Decimal = ZERO

    def negated(self) -> Breakdown:
        """The same month claimed back (a regularisation, choice P4)."""
        return Breakdown(
            -self.gross,
            -self.csg,
            -self.csg_deductible,
            -self.crds,
            -self.net,
            -self.taxable,
            self.pas_rate,
            -self.pas,
        )

    @property
    def paid(self) -> Decimal:
        """What reaches the account: net less the withholding."""
        return self.net - self.pas


@lru_cache(maxsize=1024)
def _breakdown(index: int) -> Breakdown:
    month = Month.from_index(index)
    on = month.first_day()
    gross = params.value("allocation.gross_monthly_amount", on).value
    allowance = params.value("allocation.professional_expenses_allowance", on).value
    base = gross * (1 - allowance)
    csg = round_cents(base * params.value("allocation.csg_rate", on).value)
    crds = round_cents(base * params.value("allocation.crds_rate", on).value)
    deductible = round_cents(base * params.value("allocation.csg_deductible_rate", on).value)
    net = net_monthly_amount(month).value
    return Breakdown(
        round_cents(gross), csg, deductible, crds, net, round_cents(gross - deductible)
    )


def month_breakdown(month: Month, pas_rate: Decimal = Decimal(0)) -> Breakdown:
    """The breakdown of ``month`` (rates of the month covered) with the withholding at
    ``pas_rate`` (CGI art. 204 A; 0 when no rate was received)."""
    base = _breakdown(month.index)
    if not pas_rate:
        return base
    pas = round_cents(base.taxable * pas_rate)
    return Breakdown(
        base.gross, base.csg, base.csg_deductible, base.crds, base.net, base.taxable, pas_rate, pas
    )
