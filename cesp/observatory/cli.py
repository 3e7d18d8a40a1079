"""``cesp observatory …``: cohort report and synthetic cohort (interfaces.md §2).

    cesp observatory report COHORT.csv --format json|html|pdf|csv|xlsx --out PATH
        [--region 76] [--profession medecine] [--strict] [--publication] [--as-of DATE]
    cesp observatory synth --profiles N --seed S --out FILE [--region 76]

Exit codes: 0 done; 1 invalid data (strict mode or fatal header problem); 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from cesp.core.cli import FrenchArgumentParser, iso_date
from cesp.observatory.cohort import PROFESSIONS, REGIONS, CohortError, read_cohort


def _parser() -> argparse.ArgumentParser:
    parser = FrenchArgumentParser(prog="cesp observatory", description="Observatoire du CESP")
    commands = parser.add_subparsers(
        dest="command", required=True, parser_class=FrenchArgumentParser
    )
    report = commands.add_parser("report", help="rapport de cohorte (JSON, HTML, PDF, CSV, XLSX)")
    report.add_argument("cohort", type=Path, help="fichier de cohorte CSV (interfaces.md §2)")
    report.add_argument("--format", choices=("json", "html", "pdf", "csv", "xlsx"), default="json")
    report.add_argument("--out", type=Path, required=True, help="fichier (ou dossier pour csv)")
    report.add_argument("--region", default="76", choices=sorted(REGIONS), metavar="CODE")
    report.add_argument("--profession", default="medecine", choices=sorted(PROFESSIONS))
    report.add_argument(
        "--strict", action="store_true", help="arrêter à la première ligne invalide"
    )
    report.add_argument("--publication", action="store_true", help="masquer les effectifs < 11")
    report.add_argument(
        "--as-of", type=iso_date, default=None, help="date de référence (défaut : aujourd'hui)"
    )
    platform = commands.add_parser(
        "platform", help="même rapport sur les contrats de la plateforme (base de données)"
    )
    platform.add_argument(
        "--format", choices=("json", "html", "pdf", "csv", "xlsx"), default="json"
    )
    platform.add_argument("--out", type=Path, required=True, help="fichier (ou dossier pour csv)")
    platform.add_argument("--region", default="76", help="région de suivi (vide : toutes)")
    platform.add_argument("--profession", default="medecine", choices=sorted(PROFESSIONS))
    platform.add_argument("--campaign-from", type=int, default=None)
    platform.add_argument("--campaign-to", type=int, default=None)
    platform.add_argument("--publication", action="store_true", help="masquer les effectifs < 11")
    platform.add_argument("--as-of", type=iso_date, default=None)
    platform.add_argument(
        "--extract",
        type=Path,
        default=None,
        help="écrire aussi l'extrait pseudonymisé (format cohorte, dates au mois)",
    )
    synth = commands.add_parser("synth", help="cohorte synthétique réaliste")
    synth.add_argument("--profiles", type=int, required=True)
    synth.add_argument("--seed", type=int, default=0)
    synth.add_argument("--out", type=Path, required=True)
    synth.add_argument("--region", default="76", choices=sorted(REGIONS), metavar="CODE")
    return parser


def render(report: dict, fmt: str, out: Path) -> None:
    """Write ``report`` at ``out`` in ``fmt``."""
    from cesp.observatory import tables

    if fmt == "json":
        out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    elif fmt == "csv":
        tables.write_csv_dir(tables.report_tables(report), out)
    elif fmt == "xlsx":
        out.write_bytes(tables.xlsx_bytes(tables.report_tables(report)))
    elif fmt == "html":
        from cesp.observatory.render_html import render_html

        out.write_text(render_html(report), encoding="utf-8")
    else:
        from cesp.observatory.render_pdf import render_pdf

        render_pdf(report, out)


def _report(args: argparse.Namespace) -> int:
    from cesp.observatory.report import build_report

    if not args.cohort.is_file():
        print(f"cesp observatory : fichier introuvable : {args.cohort}", file=sys.stderr)
        return 2
    try:
        cohort = read_cohort(args.cohort, strict=args.strict)
    except CohortError as error:
        print(f"cesp observatory : {error}", file=sys.stderr)
        return 1
    report = build_report(
        cohort.rows,
        region=args.region,
        profession=args.profession,
        as_of=args.as_of,
        publication=args.publication,
        cohort=cohort,
        source=args.cohort.name,
    )
    if args.format != "csv" and args.out.parent and not args.out.parent.exists():
        print(f"cesp observatory : dossier introuvable : {args.out.parent}", file=sys.stderr)
        return 2
    try:
        render(report, args.format, args.out)
    except OSError as error:
        print(
            f"cesp observatory : écriture impossible de {args.out} : {error.strerror}",
            file=sys.stderr,
        )
        return 2
    quality = cohort.quality()
    print(
        f"{args.out} : {report['flow']['studied']} profils étudiés sur "
        f"{quality['rows_used']} lignes "
        f"retenues ; {quality['rows_set_aside']} ligne(s) écartée(s)"
        + (
            f" ({', '.join(f'{k} : {v}' for k, v in quality['set_aside_by_reason'].items())})"
            if quality["rows_set_aside"]
            else ""
        ),
        file=sys.stderr,
    )
    return 0


def _synth(args: argparse.Namespace) -> int:
    from cesp.observatory.synth import write_synthetic

    if args.profiles < 0:
        print("cesp observatory : --profiles doit être positif", file=sys.stderr)
        return 2
    try:
        count = write_synthetic(args.out, args.profiles, args.seed, args.region)
    except OSError as error:
        print(
            f"cesp observatory : écriture impossible de {args.out} : {error.strerror}",
            file=sys.stderr,
        )
        return 2
    print(f"{args.out} : {count} profils synthétiques (graine {args.seed})", file=sys.stderr)
    return 0


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if args.command == "report":
        return _report(args)
    if args.command == "platform":
        return _platform(args)
    return _synth(args)


def _platform(args: argparse.Namespace) -> int:
    """The cohort report on the platform's contracts (national scope: run by an operator)."""
    if args.region and args.region not in REGIONS:
        print(f"cesp observatory : région inconnue « {args.region} »", file=sys.stderr)
        return 2
    from cesp.core.cli import setup_django

    setup_django()
    from cesp.contracts.models import Contract
    from cesp.observatory.platform import cohort_csv, month_precision, platform_cohort
    from cesp.observatory.report import build_report

    as_of = args.as_of or date.today()
    contracts = Contract.objects.all()
    if args.region:
        contracts = contracts.filter(followup_region=args.region)
    if args.campaign_from is not None:
        contracts = contracts.filter(campaign_year__gte=args.campaign_from)
    if args.campaign_to is not None:
        contracts = contracts.filter(campaign_year__lte=args.campaign_to)
    cohort = platform_cohort(
        contracts, as_of, region=args.region or None, profession=args.profession
    )
    report = build_report(
        cohort.rows,
        region=args.region or None,
        profession=args.profession,
        as_of=as_of,
        publication=args.publication,
        facts=cohort.facts,
        source="contrats de la plateforme (pseudonymisés)",
    )
    report["data_quality"] = cohort.quality()
    try:
        render(report, args.format, args.out)
        if args.extract:
            rows = [month_precision(row) for row in cohort.rows]
            args.extract.write_text(cohort_csv(rows), encoding="utf-8")
    except OSError as error:
        print(f"cesp observatory : écriture impossible : {error}", file=sys.stderr)
        return 2
    print(f"{args.out} : {len(cohort.rows)} contrats analysés", file=sys.stderr)
    return 0
