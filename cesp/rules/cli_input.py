"""What every ``cesp rules`` command shares: exit codes, the input error, reading a file of
situations (YAML or JSON) and writing a result as JSON. No command lives here, so the
commands (``cli``, ``payments_cli``) import it without importing each other."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

from cesp.rules import params

EXIT_OK = 0
EXIT_INVALID = 2
EXIT_INTERNAL = 1


class InputError(Exception):
    """Bad input outside a situation (file, option): message in French."""


def read_text(path: str) -> str:
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


def load_situations(path: str, *, unique_keys: bool = False) -> Any:
    """YAML or JSON (a JSON file is read as JSON, the rest as YAML with dates as text);
    ``unique_keys``: a key given twice in one mapping is refused."""
    text = read_text(path)
    try:
        if path.endswith(".json"):
            return json.loads(text, object_pairs_hook=params.unique_pairs if unique_keys else None)
        return params.load_yaml(text, unique_keys=unique_keys)
    except params.DuplicateKeyError as error:
        where = f" ligne {error.line}" if error.line else ""
        raise InputError(
            f"{path} : « {error.key} » figure deux fois{where} — chaque champ, et chaque "
            "candidat de answers (une seule réponse), ne figure qu'une fois"
        ) from None
    except json.JSONDecodeError as error:
        raise InputError(
            f"{path} : JSON illisible ligne {error.lineno}, colonne {error.colno} ({error.msg})"
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" ligne {mark.line + 1}, colonne {mark.column + 1}" if mark else ""
        raise InputError(f"{path} : YAML illisible{where}") from None


def to_json(result: dict[str, Any], indent: int | None = None) -> str:
    """One result as JSON text: French kept as is, compact when many (one a line)."""
    if indent is None:
        return json.dumps(result, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(result, ensure_ascii=False, indent=indent)
