"""``cesp rules …``: evaluate a situation, process a cohort, write the rules documentation.

    cesp rules evaluate FILE [--as-of DATE] [--format json|text] [--set NAME=VALUE]…
    cesp rules batch IN.(csv|jsonl) OUT.jsonl [--as-of DATE] [--set NAME=VALUE]… [--explain]
    cesp rules docs OUT/
    cesp rules offers FILE [--format json|text]
    cesp rules payments FILE [--through YYYY-MM] [--run-day N] [--format json|text]

Exit codes: 0 ok, 2 invalid input (a French message on stderr naming the field, the
value and the rule; never a traceback).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from cesp.rules import cascade, params
from cesp.rules.cli_input import (
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_OK,
    InputError,
    load_situations,
    to_json,
)
from cesp.rules.errors import ParameterError, SituationError
from cesp.rules.evaluate import ENGINE_VERSION, evaluate
from cesp.rules.payments_cli import cmd_payments
from cesp.rules.payments_cli import register as register_payments
from cesp.rules.situation import ISO_DATE, parse_situation

# CSV columns of a cohort file (docs/rules-interfaces.md): situation fields, shortcuts for
# dated events, and JSON cells for the full event and payment lists.
CSV_FIELDS = ("id", "profession", "category", "campaign_year", "signature_date", "regime", "as_of")
CSV_DATE_EVENTS = (
    "internship_start",
    "third_cycle_suspension_request",
    "des",
    "thesis",
    "pathway_end",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # French, exit 2, no traceback
        raise InputError(f"option invalide : {message}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cesp rules", description="Moteur de règles du CESP")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    ev = commands.add_parser("evaluate", help="évaluer une situation (YAML ou JSON)")
    ev.add_argument("file", help="fichier YAML ou JSON ; « - » pour l'entrée standard")
    ev.add_argument("--as-of", dest="as_of", help="date d'évaluation AAAA-MM-JJ")
    ev.add_argument("--format", choices=("json", "text"), default="json")
    ev.add_argument("--set", action="append", default=[], metavar="NOM=VALEUR")
    ev.add_argument("--summary", action="store_true", help="sans explication")
    batch = commands.add_parser("batch", help="évaluer une cohorte (CSV ou JSONL)")
    batch.add_argument("input")
    batch.add_argument("output")
    batch.add_argument("--as-of", dest="as_of")
    batch.add_argument("--set", action="append", default=[], metavar="NOM=VALEUR")
    batch.add_argument("--explain", action="store_true", help="inclure les explications")
    docs = commands.add_parser("docs", help="écrire la documentation des règles")
    docs.add_argument("out_dir")
    offers = commands.add_parser("offers", help="rejouer la cascade des offres d'une campagne")
    offers.add_argument("file", help="fichier YAML ou JSON ; « - » pour l'entrée standard")
    offers.add_argument("--format", choices=("json", "text"), default="json")
    register_payments(commands)
    return parser


def _as_of(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--as-of : date impossible « {text} » (format AAAA-MM-JJ)") from None


def _overrides(items: list[str]) -> dict[str, Any]:
    overrides = {}
    for item in items:
        name, sep, raw = item.partition("=")
        if not sep:
            raise InputError(f"--set « {item} » : format attendu NOM=VALEUR")
        try:
            params.parse_override(name.strip(), raw.strip())
        except ParameterError as error:
            raise InputError(f"--set {name} : {error}") from None
        overrides[name.strip()] = raw.strip()
    return overrides


def _with_overrides(data: Any, overrides: dict[str, Any]) -> Any:
    if overrides and isinstance(data, dict):
        return {**data, "overrides": {**(data.get("overrides") or {}), **overrides}}
    return data


def _situation_error(prefix: str, error: SituationError) -> str:
    return f"{prefix}{error.full_message()}"


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Evaluate each situation and stream its result (never every result in memory).

    Results go to a temporary file as they are computed, then to stdout once all are
    valid: an invalid situation prints its message alone, never half a JSON document.
    """
    as_of = _as_of(args.as_of)
    overrides = _overrides(args.set)
    data = load_situations(args.file)
    many = isinstance(data, list)
    items = data if many else [data]
    explain = not args.summary
    with tempfile.TemporaryFile("w+", encoding="utf-8") as buffer:
        for position, item in enumerate(items):
            try:
                evaluation = evaluate(
                    parse_situation(_with_overrides(item, overrides)),
                    as_of=as_of,
                    explain=explain,
                    eager=True,
                )
                if args.format == "text":
                    chunk = evaluation.to_text()
                    separator = "\n\n"
                else:
                    chunk = to_json(evaluation.to_dict(explain=explain), indent=None if many else 2)
                    separator = ",\n"
            except SituationError as error:
                prefix = f"{args.file}, situation [{position}] : " if many else f"{args.file} : "
                print(_situation_error(prefix, error), file=sys.stderr)
                return EXIT_INVALID
            if position:
                buffer.write(separator)
            elif many and args.format == "json":
                buffer.write("[\n")
            buffer.write(chunk)
        if many and args.format == "json":
            buffer.write("\n]" if items else "[]")
        buffer.write("\n")
        buffer.seek(0)
        shutil.copyfileobj(buffer, sys.stdout)
    sys.stdout.flush()
    return EXIT_OK


def _csv_rows(handle: TextIO) -> Iterator[tuple[int, Any]]:
    """(line number, situation dict) for each CSV row; JSON cells for events/payments."""
    reader = csv.DictReader(handle)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as error:
        raise InputError(f"en-tête CSV illisible ({error})") from None
    if fieldnames is None:
        return
    allowed = {*CSV_FIELDS, *CSV_DATE_EVENTS, "events", "payments", "breach_date", "breach_cause"}
    unknown = [name for name in fieldnames if name not in allowed]
    if unknown:
        raise InputError(
            f"colonne inconnue « {unknown[0]} » (colonnes : {', '.join(sorted(allowed))})"
        )
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield reader.line_num, InputError(f"ligne CSV illisible ({error})")
            continue
        try:
            yield reader.line_num, _csv_situation(row)
        except InputError as error:
            yield reader.line_num, error


def _csv_situation(row: dict[str, Any]) -> dict[str, Any]:
    if None in row:
        raise InputError("trop de cellules dans la ligne")
    data: dict[str, Any] = {k: v for k, v in row.items() if k in CSV_FIELDS and v not in (None, "")}
    events = []
    if row.get("events"):
        try:
            events = json.loads(row["events"])
        except json.JSONDecodeError:
            raise InputError("colonne events : JSON illisible") from None
    for event_type in CSV_DATE_EVENTS:
        if row.get(event_type):
            events.append({"type": event_type, "date": row[event_type]})
    if row.get("breach_date"):
        events.append(
            {
                "type": "breach",
                "date": row["breach_date"],
                "cause": row.get("breach_cause") or "voluntary",
            }
        )
    data["events"] = events
    if row.get("payments"):
        try:
            data["payments"] = json.loads(row["payments"])
        except json.JSONDecodeError:
            raise InputError("colonne payments : JSON illisible") from None
    return data


def _jsonl_rows(handle: TextIO) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            yield number, InputError(f"JSON illisible colonne {error.colno} ({error.msg})")


def _open_input(path: str) -> TextIO:
    try:
        # newline="": the csv module handles line ends itself (a stray \r inside a field).
        return open(path, encoding="utf-8", newline="")
    except FileNotFoundError:
        raise InputError(f"{path} : fichier introuvable") from None
    except OSError as error:
        raise InputError(f"{path} : lecture impossible ({error.strerror})") from None


def cmd_batch(args: argparse.Namespace) -> int:
    """Stream a cohort file into a JSONL result file (written atomically)."""
    as_of = _as_of(args.as_of)
    overrides = _overrides(args.set)
    if args.input.endswith(".csv"):
        read_rows = _csv_rows
    elif args.input.endswith((".jsonl", ".ndjson")):
        read_rows = _jsonl_rows
    else:
        raise InputError(f"{args.input} : extension attendue .csv ou .jsonl")
    done = failures = 0
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=output.parent, prefix=".cesp-batch-")
    try:
        with _open_input(args.input) as source, os.fdopen(handle, "w", encoding="utf-8") as out:
            for line, item in read_rows(source):
                record = _batch_record(args, line, item, as_of, overrides)
                if "error" in record:
                    failures += 1
                else:
                    done += 1
                out.write(to_json(record) + "\n")
        os.replace(temporary, output)
    except UnicodeDecodeError:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(f"{args.input} : le fichier n'est pas en UTF-8") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    print(
        f"{done} situation(s) évaluée(s), {failures} invalide(s) → {output} "
        f"(moteur {ENGINE_VERSION}, paramètres {params.parameters_digest()})",
        file=sys.stderr,
    )
    return EXIT_INVALID if failures else EXIT_OK


def _batch_record(
    args: argparse.Namespace, line: int, item: Any, as_of: date | None, overrides: dict[str, Any]
) -> dict[str, Any]:
    """The output line of one input line: the result, or the error (also on stderr)."""
    try:
        if isinstance(item, InputError):
            raise item
        evaluation = evaluate(
            parse_situation(_with_overrides(item, overrides)),
            as_of=as_of,
            explain=args.explain,
            eager=True,
        )
        return {"line": line, **evaluation.to_dict(explain=args.explain)}
    except SituationError as error:
        print(_situation_error(f"{args.input}, ligne {line} : ", error), file=sys.stderr)
        return {"line": line, "error": error.to_dict()}
    except InputError as error:
        print(f"{args.input}, ligne {line} : {error}", file=sys.stderr)
        return {"line": line, "error": {"message": str(error)}}


def cmd_docs(args: argparse.Namespace) -> int:
    from cesp.rules.docs import write_docs  # only here: evaluating never pays its import

    written = write_docs(Path(args.out_dir))
    print(f"{len(written)} page(s) écrite(s) dans {args.out_dir}", file=sys.stderr)
    return EXIT_OK


def cmd_offers(args: argparse.Namespace) -> int:
    """Replay an offer cascade (docs/interfaces.md §4)."""
    result = cascade.replay(cascade.parse_campaign(load_situations(args.file, unique_keys=True)))
    text = cascade.to_text(result) if args.format == "text" else to_json(result.to_dict(), 2)
    print(text)
    return EXIT_OK


def main(argv: list[str]) -> int:
    """Entry point of ``cesp rules``; returns the exit code."""
    try:
        args = _parser().parse_args(argv)
        if args.command == "evaluate":
            return cmd_evaluate(args)
        if args.command == "batch":
            return cmd_batch(args)
        if args.command == "offers":
            return cmd_offers(args)
        if args.command == "payments":
            return cmd_payments(args)
        return cmd_docs(args)
    except InputError as error:
        print(f"cesp rules : {error}", file=sys.stderr)
        return EXIT_INVALID
    except SituationError as error:
        print(f"cesp rules : {error.full_message()}", file=sys.stderr)
        return EXIT_INVALID
    except ParameterError as error:
        print(f"cesp rules : paramètres invalides — {error}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:  # output piped into `head`: not an error of ours
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:  # a bug of ours: say so plainly, without a traceback
        print(
            f"cesp rules : erreur interne du moteur ({type(error).__name__} : {error}) — "
            "merci de la signaler avec le fichier d'entrée",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
