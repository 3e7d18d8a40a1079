"""The payer's pages: the monthly runs with their state, anomalies, transfers and files,
the bank files to download, the bank returns to upload.

Thin views: who reads is ``readers.can_view_runs`` (the national manager; anyone else:
404); what may be done on a run is the ledger's workflow (``runs.RUN_WORKFLOW.available``:
one button per step the user may take) and every step is the ledger's service.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cesp.core.workflow.engine import TransitionRefused

from . import permissions, returns, services
from .enums import FileKind, TransferStatus
from .models import PaymentFile, PaymentLine, PaymentRun, Transfer
from .runs import RunClosed
from .workflow import RUN_WORKFLOW

RUNS_SHOWN = 36
TRANSFERS_SHOWN = 500
#: A bank return larger than this is refused before it is read (a month's pain.002 for
#: every signatory is well under 5 MB).
MAX_RETURN_BYTES = 10 * 1024 * 1024

#: Each step of the run's workflow and the ledger's use case that takes it.
STEP_SERVICES = {
    "check": services.check_run,
    "order": services.order_run,
    "export": services.export_run,
    "send": services.mark_run_sent,
}
STEP_DONE = {
    "check": "Versement contrôlé : ses lignes sont figées.",
    "order": "Versement ordonnancé.",
    "export": "Fichier de virement produit : téléchargez-le ci-dessous.",
    "send": "Fichier marqué comme envoyé : les lignes sont versées à la date d'exécution.",
}


def _national(request: HttpRequest) -> None:
    if not permissions.can_view_runs(request.user):
        raise Http404


def runs(request: HttpRequest) -> HttpResponse:
    """Every run, newest first, with its state, counts and anomalies."""
    _national(request)
    items = list(
        PaymentRun.objects.latest_first().annotate(
            line_count=Count("lines", distinct=True),
            transfer_count=Count("transfers", distinct=True),
            rejected=Count(
                "transfers",
                filter=Q(transfers__status=TransferStatus.REJECTED),
                distinct=True,
            ),
        )[:RUNS_SHOWN]
    )
    returns_received = PaymentFile.objects.exclude(kind=FileKind.PAIN001).select_related(
        "created_by"
    )[:20]
    return render(
        request,
        "payments/runs.html",
        {
            "runs": items,
            "returns": returns_received,
            "can_import": permissions.can_import_returns(request.user),
        },
    )


def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    _national(request)
    run = get_object_or_404(PaymentRun, pk=run_id)
    totals = PaymentLine.objects.filter(run=run).aggregate(
        lines=Count("id"), gross=Sum("gross"), net=Sum("net"), pas=Sum("pas")
    )
    transfers = list(
        Transfer.objects.filter(run=run)
        .select_related("contract", "return_file")
        .order_by("status", "contract__reference")[:TRANSFERS_SHOWN]
    )
    return render(
        request,
        "payments/run.html",
        {
            "run": run,
            "totals": totals,
            "transfers": transfers,
            "files": list(run.files.order_by("-created_at")),
            "anomalies": [a for a in run.anomalies if isinstance(a, dict)],
            "steps": [
                t for t in RUN_WORKFLOW.available(run, request.user) if t.name in STEP_SERVICES
            ],
        },
    )


@require_POST
def run_step(request: HttpRequest, run_id: int, step: str) -> HttpResponse:
    """Take one step of the run through the ledger's service; a refusal is said in French
    on the run's page, with nothing written."""
    _national(request)
    run = get_object_or_404(PaymentRun, pk=run_id)
    service = STEP_SERVICES.get(step)
    if service is None:
        raise Http404
    try:
        service(request.user, run)
    except TransitionRefused as refused:
        for reason in refused.reasons:
            messages.error(request, reason)
    except (RunClosed, PermissionDenied) as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, STEP_DONE[step])
    return redirect("payments:run", run.pk)


class ReturnForm(forms.Form):
    file = forms.FileField(
        label="Fichier de retour de la banque",
        help_text="Compte rendu pain.002 ou avis camt.054, au format XML.",
        error_messages={"required": "Choisissez le fichier reçu de la banque."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_RETURN_BYTES:
            raise ValidationError(
                "Le fichier dépasse 10 Mo : ce n'est pas un retour de virements attendu."
            )
        return upload


def bank_return(request: HttpRequest) -> HttpResponse:
    """Upload a bank return: the ledger imports it whole or not at all."""
    _national(request)
    if not permissions.can_import_returns(request.user):
        raise Http404
    form = ReturnForm(request.POST, request.FILES) if request.method == "POST" else ReturnForm()
    counts = None
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            counts = services.import_bank_return(request.user, upload.read(), upload.name)
        except returns.ReturnFileError as error:
            form.add_error("file", str(error))
        except PermissionDenied as error:
            form.add_error(None, str(error))
    return render(request, "payments/returns.html", {"form": form, "counts": counts})


def file_download(request: HttpRequest, file_id: int) -> HttpResponse:
    """A bank file as sent or received, byte for byte."""
    _national(request)
    item = get_object_or_404(PaymentFile, pk=file_id)
    response = HttpResponse(bytes(item.content), content_type="application/xml")
    name = "".join(ch for ch in item.name if ch.isalnum() or ch in "-_.") or "fichier.xml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    response["ETag"] = f'"{item.sha256}"'
    return response
