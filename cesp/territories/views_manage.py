"""Territories management pages: zonings (list, import), practice places, projects."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cesp.contracts.models import Contract
from cesp.core import geography

from . import permissions, places
from .enums import PlaceDecision
from .forms import PlaceForm, ProjectForm, ZoningImportForm
from .importers import ColumnMapping
from .models import PlaceChoice, PracticePlace, ZoningVersion
from .services import import_zoning


def zonings(request: HttpRequest) -> HttpResponse:
    versions = ZoningVersion.objects.order_by("region", "profession", "-valid_from")
    rows = [
        {
            "version": v,
            "region_name": geography.region_name(v.region) or v.region,
            "count": v.assignments.count(),
        }
        for v in versions
    ]
    return render(
        request,
        "territories/zonings.html",
        {
            "rows": rows,
            "can_import": permissions.can_manage_zonings(request.user),
        },
    )


def zoning_import(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_zonings(request.user):
        raise PermissionDenied("Seules les ARS et l'échelon national importent des zonages.")
    allowed = permissions.managed_regions(request.user)
    regions = {
        code: name
        for code, name in geography.regions().items()
        if allowed is None or code in allowed
    }
    form = ZoningImportForm(request.POST or None, request.FILES or None, regions=regions)
    report = result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        result = import_zoning(
            upload.read(),
            upload.name,
            region=data["region"],
            profession=data["profession"],
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
            act=data["act"],
            mapping=ColumnMapping(data["commune_column"] or None, data["zone_column"] or None),
            sheet=data["sheet"] or None,
            allow_missing=data["allow_missing"],
            user=request.user,
            dry_run=not data["apply"],
        )
        report = result.report
        if result.ok and result.versions:
            messages.success(request, f"Zonage importé : {len(report.assignments)} communes.")
    return render(
        request,
        "territories/zoning_import.html",
        {
            "form": form,
            "report": report,
            "result": result,
            "impacts": [
                i.as_dict() | {"summary": i.summary} for i in (result.impacts if result else [])
            ],
        },
    )


def place_list(request: HttpRequest) -> HttpResponse:
    """The national list of practice places; publish (ARS); conflicts to decide."""
    form = PlaceForm(request.POST or None)
    if request.method == "POST":
        if not permissions.can_manage_places(request.user):
            raise PermissionDenied("Seule l'ARS publie des lieux d'exercice.")
        if form.is_valid():
            data = form.cleaned_data
            try:
                places.publish_place(
                    request.user,
                    commune_code=data["commune"],
                    name=data["name"],
                    structure=data["structure"],
                    mode=data["mode"],
                    specialty=data["specialty"],
                    profession=data["profession"],
                    published_on=data["published_on"],
                )
            except PermissionDenied:
                form.add_error("commune", "Cette commune n'est pas dans la région de votre ARS.")
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Lieu publié.")
                return redirect("territories:places")
    region = request.GET.get("region", "")
    items = PracticePlace.objects.filter(withdrawn_on__isnull=True).prefetch_related(
        "choices__contract"
    )
    if region:
        items = items.filter(region=region)
    rows = []
    visible = set(Contract.objects.visible_to(request.user).values_list("pk", flat=True))
    for place in items[:500]:
        commune = geography.commune(place.commune_code)
        rows.append(
            {
                "place": place,
                "commune": commune.name if commune else place.commune_code,
                "conflict": places.competing_choices(place),
                "choices": [c for c in place.choices.all() if c.contract_id in visible],
                "decidable": {
                    c.pk
                    for c in place.choices.all()
                    if c.contract_id in visible and permissions.can_decide_choice(request.user, c)
                },
            }
        )
    my_contracts = list(
        Contract.objects.visible_to(request.user).filter(signatory=request.user)[:5]
    )
    return render(
        request,
        "territories/places.html",
        {
            "rows": rows,
            "form": form,
            "regions": sorted(geography.regions().items()),
            "region": region,
            "can_publish": permissions.can_manage_places(request.user),
            "my_contracts": my_contracts,
        },
    )


@require_POST
def place_choose(request: HttpRequest, place_id: int) -> HttpResponse:
    place = get_object_or_404(PracticePlace, pk=place_id)
    contract_id = request.POST.get("contract", "")
    if not contract_id.isascii() or not contract_id.isdigit():
        raise Http404("Contrat introuvable.")
    contract = get_object_or_404(Contract.objects.visible_to(request.user), pk=contract_id)
    try:
        places.choose_place(request.user, contract, place, timezone.localdate())
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Choix enregistré : {place.name}.")
    return redirect("territories:places")


@require_POST
def choice_decide(request: HttpRequest, choice_id: int) -> HttpResponse:
    choice = get_object_or_404(
        PlaceChoice.objects.select_related("place", "contract"), pk=choice_id
    )
    decision = request.POST.get("decision", "")
    try:
        places.decide_choice(request.user, choice, decision, timezone.localdate())
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        label = PlaceDecision(decision).label
        messages.success(request, f"Décision enregistrée : {label}.")
    return redirect("territories:places")


def project(request: HttpRequest, contract_id: int) -> HttpResponse:
    """The communes of the professional project of a contract, dated."""
    contract = get_object_or_404(Contract.objects.visible_to(request.user), pk=contract_id)
    form = ProjectForm(request.POST or None)
    can_declare = permissions.can_declare_project(request.user, contract)
    if request.method == "POST":
        if not can_declare:
            raise Http404
        if form.is_valid():
            try:
                places.declare_project(
                    request.user,
                    contract,
                    form.cleaned_data["commune"],
                    form.cleaned_data["declared_on"],
                )
            except ValidationError as error:
                form.add_error("commune", error.messages[0])
            else:
                messages.success(request, "Commune ajoutée au projet professionnel.")
                return redirect("territories:project", contract_id=contract.pk)
    rows = []
    for item in contract.project_declarations.all():
        commune = geography.commune(item.commune_code)
        rows.append({"item": item, "name": commune.name if commune else item.commune_code})
    return render(
        request,
        "territories/project.html",
        {
            "contract": contract,
            "rows": rows,
            "form": form,
            "can_declare": can_declare,
        },
    )
