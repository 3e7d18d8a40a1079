"""``cesp rules …``: evaluate a situation, process a cohort, write the rules documentation.

    cesp rules evaluate FILE [--as-of DATE] [--format json|text] [--set NAME=VALUE]…
    cesp rules batch IN.(csv|jsonl) OUT.jsonl [--as-of DATE] [--set NAME=VALUE]… [--explain]
    cesp rules docs OUT/

Exit codes: 0 ok, 2 invalid input (a French message on stderr naming the field, the
value and the rule; never a traceback).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from cesp.rules import params
from cesp.rules.errors import ParameterError, SituationError
from cesp.rules.evaluate import evaluate
from cesp.rules.situation import parse_situation

EXIT_OK = 0
EXIT_INVALID = 2

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


class InputError(Exception):
    """Bad input outside a situation (file, option): message in French."""


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
    return parser


def _as_of(text: str | None) -> date | None:
    if text is None:
        return None
    try:
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


def _read_text(path: str) -> str:
    try:
        if path == "-":
            return sys.stdin.read()
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path} : fichier introuvable") from None
    except UnicodeDecodeError:
        raise InputError(f"{path} : le fichier n'est pas en UTF-8") from None
    except OSError as error:
        raise InputError(f"{path} : lecture impossible ({error.strerror})") from None


def load_situations(path: str) -> Any:
    """YAML or JSON (a JSON file is read as JSON, the rest as YAML with dates as text)."""
    text = _read_text(path)
    try:
        if path.endswith(".json"):
            return json.loads(text)
        return params.load_yaml(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{path} : JSON illisible ligne {error.lineno}, colonne {error.colno} ({error.msg})"
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" ligne {mark.line + 1}, colonne {mark.column + 1}" if mark else ""
        raise InputError(f"{path} : YAML illisible{where}") from None


def _situation_error(prefix: str, error: SituationError) -> str:
    return f"{prefix}{error.full_message()}"


def cmd_evaluate(args: argparse.Namespace) -> int:
    as_of = _as_of(args.as_of)
    overrides = _overrides(args.set)
    data = load_situations(args.file)
    many = isinstance(data, list)
    items = data if many else [data]
    results = []
    for position, item in enumerate(items):
        try:
            evaluation = evaluate(
                parse_situation(_with_overrides(item, overrides)),
                as_of=as_of,
                explain=not args.summary,
            )
        except SituationError as error:
            prefix = f"{args.file}, situation [{position}] : " if many else f"{args.file} : "
            print(_situation_error(prefix, error), file=sys.stderr)
            return EXIT_INVALID
        results.append(evaluation)
    if args.format == "text":
        print("\n\n".join(evaluation.to_text() for evaluation in results))
    else:
        payload = [e.to_dict(explain=not args.summary) for e in results]
        print(json.dumps(payload if many else payload[0], ensure_ascii=False, indent=2))
    return EXIT_OK


def _csv_rows(text: str) -> list[tuple[int, Any]]:
    """(line number, situation dict) for each CSV row; JSON cells for events/payments."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None:
        return []
    allowed = {*CSV_FIELDS, *CSV_DATE_EVENTS, "events", "payments", "breach_date", "breach_cause"}
    unknown = [name for name in reader.fieldnames if name not in allowed]
    if unknown:
        raise InputError(
            f"colonne inconnue « {unknown[0]} » (colonnes : {', '.join(sorted(allowed))})"
        )
    rows = []
    for row in reader:
        line = reader.line_num
        try:
            rows.append((line, _csv_situation(row)))
        except InputError as error:
            rows.append((line, error))
    return rows


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


def _jsonl_rows(text: str) -> list[tuple[int, Any]]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append((number, json.loads(line)))
        except json.JSONDecodeError as error:
            rows.append((number, InputError(f"JSON illisible colonne {error.colno} ({error.msg})")))
    return rows


def cmd_batch(args: argparse.Namespace) -> int:
    as_of = _as_of(args.as_of)
    overrides = _overrides(args.set)
    text = _read_text(args.input)
    if args.input.endswith(".csv"):
        rows = _csv_rows(text)
    elif args.input.endswith((".jsonl", ".ndjson")):
        rows = _jsonl_rows(text)
    else:
        raise InputError(f"{args.input} : extension attendue .csv ou .jsonl")
    failures = 0
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=output.parent, prefix=".cesp-batch-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for line, item in rows:
                record: dict[str, Any]
                try:
                    if isinstance(item, InputError):
                        raise item
                    evaluation = evaluate(
                        parse_situation(_with_overrides(item, overrides)),
                        as_of=as_of,
                        explain=args.explain,
                    )
                    record = {"line": line, **evaluation.to_dict(explain=args.explain)}
                except SituationError as error:
                    failures += 1
                    print(
                        _situation_error(f"{args.input}, ligne {line} : ", error), file=sys.stderr
                    )
                    record = {"line": line, "error": error.to_dict()}
                except InputError as error:
                    failures += 1
                    print(f"{args.input}, ligne {line} : {error}", file=sys.stderr)
                    record = {"line": line, "error": {"message": str(error)}}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    done = len(rows) - failures
    print(
        f"{done} situation(s) évaluée(s), {failures} invalide(s) → {output} "
        f"(moteur {params.parameters_digest()})",
        file=sys.stderr,
    )
    return EXIT_INVALID if failures else EXIT_OK


def cmd_docs(args: argparse.Namespace) -> int:
    try:
        from cesp.rules.docs import write_docs
    except ImportError:
        raise InputError(
            "la génération de la documentation (cesp.rules.docs) n'est pas disponible"
        ) from None
    written = write_docs(Path(args.out_dir))
    print(f"{len(written)} page(s) écrite(s) dans {args.out_dir}", file=sys.stderr)
    return EXIT_OK


def main(argv: list[str]) -> int:
    """Entry point of ``cesp rules``; returns the exit code."""
    try:
        args = _parser().parse_args(argv)
        if args.command == "evaluate":
            return cmd_evaluate(args)
        if args.command == "batch":
            return cmd_batch(args)
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
