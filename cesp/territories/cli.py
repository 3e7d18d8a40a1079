"""``cesp zoning …``: look up a commune's zone on a date; import a zoning file.

    cesp zoning lookup 09001 --date 2025-01-15 --profession medecine --format json
    cesp zoning import zonage.xlsx --region 76 --profession medecine \
        --from 2025-05-16 --act "Arrêté ARS Occitanie du …" [--apply]
    cesp zoning versions
    cesp zoning impact VERSION_ID [--notify] [--format json]

Reads the database of the settings in use (``cesp.settings.dev`` by default, i.e. the
demo ``db.sqlite3`` loaded by ``cesp demo --no-serve``). Exit codes: 0 found / imported,
1 no answer (unknown commune, no zoning) or invalid file, 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cesp.core.cli import FrenchArgumentParser, iso_date


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchArgumentParser(
        prog="cesp zoning", description="Zonages ARS : consultation et import"
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=FrenchArgumentParser)
    look = sub.add_parser("lookup", help="zone d'une commune à une date")
    look.add_argument("commune", help="code INSEE de la commune (5 caractères)")
    look.add_argument(
        "--date", type=iso_date, default=None, help="AAAA-MM-JJ (défaut : aujourd'hui)"
    )
    look.add_argument("--profession", default="medecine")
    look.add_argument("--format", choices=["json", "text"], default="text")
    sub.add_parser("versions", help="lister les zonages enregistrés")
    impact = sub.add_parser("impact", help="signataires dont le statut change avec un zonage")
    impact.add_argument("version", type=int, help="identifiant du zonage (cesp zoning versions)")
    impact.add_argument("--notify", action="store_true", help="créer les notifications")
    impact.add_argument("--format", choices=["json", "text"], default="text")
    imp = sub.add_parser("import", help="importer un fichier de zonage (CSV ou XLSX)")
    imp.add_argument("file", type=Path)
    imp.add_argument(
        "--region", default=None, help="code INSEE de région (vide : fichier national)"
    )
    imp.add_argument("--profession", required=True)
    imp.add_argument("--from", dest="valid_from", type=iso_date, required=True)
    imp.add_argument("--to", dest="valid_to", type=iso_date, default=None)
    imp.add_argument("--act", required=True, help="référence de l'arrêté ARS")
    imp.add_argument("--commune-column", default=None)
    imp.add_argument("--zone-column", default=None)
    imp.add_argument("--sheet", default=None)
    imp.add_argument("--allow-missing", action="store_true")
    imp.add_argument("--apply", action="store_true", help="écrire (sinon : simulation)")
    imp.add_argument("--format", choices=["json", "text"], default="text")
    return parser


def _lookup(args) -> int:
    from django.utils import timezone

    from . import services

    day = args.date or timezone.localdate()
    result = services.lookup(args.commune, day, args.profession)
    if args.format == "json":
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.as_text())
    return 0 if result.status == "found" else 1


def _import(args) -> int:
    from cesp.core.tabular import TabularError, read_file

    from .importers import ColumnMapping
    from .services import import_zoning

    if not args.file.is_file():
        print(f"cesp zoning : fichier introuvable « {args.file} »", file=sys.stderr)
        return 2
    try:
        data = read_file(args.file)
    except TabularError as error:
        print(f"cesp zoning : {error}", file=sys.stderr)
        return 2
    result = import_zoning(
        data,
        args.file.name,
        region=args.region,
        profession=args.profession,
        valid_from=args.valid_from,
        valid_to=args.valid_to,
        act=args.act,
        mapping=ColumnMapping(args.commune_column, args.zone_column),
        sheet=args.sheet,
        allow_missing=args.allow_missing,
        dry_run=not args.apply,
    )
    payload = result.report.as_dict() | {
        "dry_run": result.dry_run,
        "versions": [v.pk for v in result.versions],
        "impacts": [i.as_dict() for i in result.impacts],
    }
    if args.format == "json":
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(result.report.as_text())
        if result.ok and result.dry_run:
            print("Simulation : rien n'a été écrit (ajoutez --apply pour importer).")
        for impact in result.impacts:
            print(f"Impact : {impact.summary}")
    return 0 if result.ok else 1


def _versions(args) -> int:
    from .models import ZoningVersion

    for version in ZoningVersion.objects.order_by("region", "profession", "valid_from"):
        print(f"{version.pk:>5}  {version}")
    return 0


def _impact(args) -> int:
    from .impact import assess, notify_impacts
    from .models import ZoningVersion

    version = ZoningVersion.objects.filter(pk=args.version).first()
    if version is None:
        print(f"cesp zoning : zonage {args.version} inconnu", file=sys.stderr)
        return 1
    impacts = notify_impacts(version) if args.notify else assess(version)
    if args.format == "json":
        print(json.dumps([i.as_dict() for i in impacts], ensure_ascii=False, indent=2))
    else:
        print(f"{len(impacts)} signataire(s) concerné(s) par « {version.act} ».")
        for item in impacts:
            flag = {True: " — protégé", False: " — non protégé"}.get(item.protected, "")
            print(f"- {item.summary}{flag}")
    return 0


def main(argv: list[str]) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    from cesp.core.cli import setup_django

    setup_django()
    handler = {"lookup": _lookup, "import": _import, "versions": _versions, "impact": _impact}
    try:
        return handler[args.command](args)
    except BrokenPipeError:  # output piped to `head`: not an error
        sys.stderr.close()
        return 0
