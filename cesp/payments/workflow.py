"""The steps of a monthly run, as a declared workflow (``cesp.core.workflow``):
draft → checked → ordered → exported → sent → acknowledged (workflows-payments.md §2.8).

Who may take each step is ``permissions``; what each step writes is ``services`` (given
to ``apply`` as ``on_apply``, in the same transaction as the move and its log).
"""

from __future__ import annotations

from typing import Any

from cesp.core.workflow.engine import Transition, Workflow

from . import permissions
from .enums import FileKind, RunStatus
from .models import PaymentRun

GBCP = "décret n° 2012-1246 du 7 novembre 2012 (GBCP), art. 9"


def _not_ordered_by_exporter(run: PaymentRun, data: dict[str, Any]) -> list[str]:
    user_id = data.get("user_id")
    if user_id is not None and run.ordered_by_id == user_id:
        return [
            "Vous avez ordonnancé ce versement : le fichier de virement doit être produit par "
            f"une autre personne (séparation de l'ordonnateur et du comptable, {GBCP})."
        ]
    return []


def _no_file_yet(run: PaymentRun, data: dict[str, Any]) -> list[str]:
    sent = run.files.filter(kind=FileKind.PAIN001).order_by("created_at").first()
    if sent is not None:
        return [already_exported(sent)]
    return [*_not_ordered_by_exporter(run, data)]


def already_exported(sent) -> str:
    return (
        f"Le fichier de virement de ce versement a déjà été produit le "
        f"{sent.created_at:%d/%m/%Y à %H:%M} ({sent.name}, empreinte {sent.sha256[:12]}…) : "
        "un second export est refusé, pour ne jamais payer deux fois. Téléchargez le fichier "
        "déjà produit."
    )


RUN_WORKFLOW = Workflow(
    name="payment_run",
    state_field="status",
    states=dict(RunStatus.choices),
    transitions=[
        Transition(
            "check",
            "Contrôler le versement",
            (RunStatus.DRAFT,),
            RunStatus.CHECKED,
            allowed=lambda user, run: permissions.can_prepare_run(user, run),
        ),
        Transition(
            "order",
            "Ordonnancer le versement",
            (RunStatus.CHECKED,),
            RunStatus.ORDERED,
            allowed=lambda user, run: permissions.can_order_run(user, run),
        ),
        Transition(
            "export",
            "Produire le fichier de virement",
            (RunStatus.ORDERED,),
            RunStatus.EXPORTED,
            allowed=lambda user, run: permissions.can_export_run(user, run),
            guard=_no_file_yet,
        ),
        Transition(
            "send",
            "Marquer le fichier comme envoyé à la banque",
            (RunStatus.EXPORTED,),
            RunStatus.SENT,
            allowed=lambda user, run: permissions.can_export_run(user, run),
        ),
        Transition(
            "acknowledge",
            "Clore le versement (retours de la banque reçus)",
            (RunStatus.SENT,),
            RunStatus.ACKNOWLEDGED,
            allowed=lambda user, run: permissions.can_import_returns(user),
        ),
    ],
)
