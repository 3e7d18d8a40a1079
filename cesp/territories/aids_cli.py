"""``cesp aids CODE --date D --profession P --mode liberal|salarie|mixte --format json``.

Prints the installation aids applicable at a commune (see ``cesp.rules.aids``), each
with ``id``, ``label``, ``amount`` (string or null), ``conditions``,
``not_cumulable_with`` and ``sources``. Exit 0 on an answer, 1 for an unknown commune
or profession, 2 for bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal

from cesp.core.cli import FrenchArgumentParser, iso_date
from cesp.rules.aids import MODES
from cesp.rules.money import format_euros_fr


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchArgumentParser(
        prog="cesp aids", description="Aides à l'installation applicables"
    )
    parser.add_argument("commune", help="code INSEE de la commune")
    parser.add_argument("--date", type=iso_date, default=None)
    parser.add_argument("--profession", default="medecine")
    parser.add_argument("--mode", choices=MODES, default="liberal")
    parser.add_argument(
        "--guard-sector-zip",
        choices=["oui", "non"],
        default=None,
        help="une commune du secteur de garde est-elle en ZIP ? (PDSa)",
    )
    parser.add_argument(
        "--format",
        choices=["json", "json-full", "text"],
        default="text",
        help="json : la liste des aides ; json-full : la réponse entière (zone, choix "
        "exclusifs, notes) ; text : pour une personne",
    )
    return parser


def _text(payload: dict) -> str:
    commune = payload["commune"]
    lines = [
        f"{commune['code']} {commune['name'] or ''} — {payload['date']} — "
        f"{payload['profession']} ({payload['mode']}) — zone {payload['zone'] or '—'}",
    ]
    for aid in payload["aids"]:
        amount = (
            f"{format_euros_fr(Decimal(aid['amount']))} ({aid['amount_basis']})"
            if aid["amount"]
            else "montant non précisé"
        )
        flag = "" if aid["status"] == "eligible" else " [à vérifier]"
        lines.append(f"• {aid['label']}{flag} — {amount}")
        lines += [f"    condition : {c}" for c in aid["conditions"]]
        if aid["not_cumulable_with"]:
            lines.append(f"    non cumulable avec : {', '.join(aid['not_cumulable_with_names'])}")
    for a, b in payload["exclusive_choice_names"]:
        lines.append(f"À choisir : {a} OU {b} (non cumulables)")
    for item in payload["not_applicable"]:
        lines.append(f"Non applicable : {item['branch']} — {item['why']}")
    lines += [f"Note : {n}" for n in payload["notes"]]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    from cesp.core.cli import setup_django

    setup_django()
    from django.utils import timezone

    from .aids import aids_for

    guard = {"oui": True, "non": False}.get(args.guard_sector_zip)
    answer = aids_for(
        args.commune,
        args.date or timezone.localdate(),
        args.profession,
        args.mode,
        guard_sector_has_zip=guard,
    )
    payload = answer.as_dict()
    if args.format == "json" and answer.result is None:
        # The list alone cannot say why it is empty: the reason goes to stderr.
        print(f"cesp aids : {' '.join(payload['notes'])}", file=sys.stderr)
        return 1
    if args.format == "json":
        text = json.dumps(payload["aids"], ensure_ascii=False, indent=2)
    elif args.format == "json-full":
        text = json.dumps(payload, ensure_ascii=False, indent=2)
    else:
        text = _text(payload)
    try:
        print(text)
    except BrokenPipeError:  # output piped to `head`: not an error
        sys.stderr.close()
    return 1 if answer.result is None else 0
