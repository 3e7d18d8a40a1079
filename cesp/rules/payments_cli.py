"""``cesp rules payments FILE [--through YYYY-MM] [--run-day N] [--format json|text]``.

Replays the monthly payment runs of one situation, or a list (interfaces.md §3), with
``cesp.rules.payments``. Registered by ``cesp.rules.cli``; invalid input exits 2 with a
French message naming the field, as every ``cesp rules`` command.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from cesp.rules.cli_input import EXIT_INVALID, EXIT_OK, InputError, load_situations, to_json
from cesp.rules.errors import SituationError
from cesp.rules.months import Month
from cesp.rules.payments import payment_schedule

YEAR_MONTH = re.compile(r"\d{4}-\d{2}", re.ASCII)


def register(commands: Any) -> None:
    """Add the ``payments`` sub-command to ``cesp rules``."""
    pay = commands.add_parser("payments", help="rejouer les versements mensuels d'une situation")
    pay.add_argument("file", help="fichier YAML ou JSON ; « - » pour l'entrée standard")
    pay.add_argument("--through", help="mois du dernier versement AAAA-MM (défaut : mois de as_of)")
    pay.add_argument("--run-day", dest="run_day", help="jour du versement, 1 à 28 (défaut : 20)")
    pay.add_argument("--format", choices=("json", "text"), default="json")


def _through(text: str | None) -> Month | None:
    if text is None:
        return None
    try:
        if not YEAR_MONTH.fullmatch(text):
            raise ValueError(text)
        return Month.parse(text)
    except ValueError:
        raise InputError(f"--through : mois impossible « {text} » (format AAAA-MM)") from None


def cmd_payments(args: argparse.Namespace) -> int:
    """Print the schedule of each situation (all checked before anything is printed)."""
    through = _through(args.through)
    data = load_situations(args.file)
    many = isinstance(data, list)
    chunks = []
    for position, item in enumerate(data if many else [data]):
        try:
            schedule = payment_schedule(item, through=through, run_day=args.run_day)
        except SituationError as error:
            prefix = f"{args.file}, situation [{position}] : " if many else f"{args.file} : "
            print(f"{prefix}{error.full_message()}", file=sys.stderr)
            return EXIT_INVALID
        if args.format == "text":
            chunks.append(schedule.to_text())
        else:
            chunks.append(to_json(schedule.to_dict(), indent=None if many else 2))
    if args.format == "text":
        output = "\n\n".join(chunks)
    elif many:
        output = "[\n" + ",\n".join(chunks) + "\n]" if chunks else "[]"
    else:
        output = chunks[0]
    sys.stdout.write(output + "\n")
    sys.stdout.flush()
    return EXIT_OK
