"""Who may do what with the payment ledger (pure predicates).

- Runs, files and returns: the national manager (CNG, then ASP) only; out of scope: 404.
- Ordering a run and producing its file are two roles, as the ordonnateur and the
  comptable of public accounting (décret 2012-1246 GBCP, art. 9: « les fonctions
  d'ordonnateur et de comptable public sont incompatibles »; workflows-payments.md §2.8):
  the permissions ``payments.order_run`` and ``payments.export_run`` (given through
  groups), and whoever ordered a run may not export it, whatever their permissions.
- A bank account: declared and confirmed by the signatory of the contract.
"""

from __future__ import annotations

from cesp.accounts.enums import Role
from cesp.accounts.permissions import is_active_user, is_national, unwrapped
from cesp.contracts.models import Contract

from .models import PaymentRun

ORDER_PERMISSION = "payments.order_run"
EXPORT_PERMISSION = "payments.export_run"
RETURNS_PERMISSION = "payments.import_returns"


def can_view_runs(user) -> bool:
    return is_national(unwrapped(user))


def can_prepare_run(user, run: PaymentRun | None = None) -> bool:
    """Compute and check a run: any national agent."""
    return is_national(unwrapped(user))


def can_order_run(user, run: PaymentRun | None = None) -> bool:
    user = unwrapped(user)
    return is_national(user) and user.has_perm(ORDER_PERMISSION)


def can_export_run(user, run: PaymentRun | None = None) -> bool:
    """Produce and send the file: the export role, never the one who ordered the run."""
    user = unwrapped(user)
    if not (is_national(user) and user.has_perm(EXPORT_PERMISSION)):
        return False
    return run is None or run.ordered_by_id is None or run.ordered_by_id != user.pk


def can_import_returns(user) -> bool:
    user = unwrapped(user)
    return is_national(user) and user.has_perm(RETURNS_PERMISSION)


def can_declare_account(user, contract: Contract) -> bool:
    """The signatory of the contract, with their own account."""
    user = unwrapped(user)
    return (
        is_active_user(user)
        and user.role == Role.STUDENT
        and contract.signatory_id is not None
        and contract.signatory_id == user.pk
    )


def abilities(user, run: PaymentRun) -> dict[str, bool]:
    return {
        "view": can_view_runs(user),
        "prepare": can_prepare_run(user, run),
        "order": can_order_run(user, run),
        "export": can_export_run(user, run),
        "import_returns": can_import_returns(user),
    }


def visible_to(user):
    """The runs ``user`` may see (none outside the national manager)."""
    return PaymentRun.objects.all() if can_view_runs(user) else PaymentRun.objects.none()
