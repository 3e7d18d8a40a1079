"""Finding a commune from what a person types: a name, a postal code or an INSEE code.

Two uses, one normalisation:

- :func:`search` suggests communes while typing (prefix of the name, ignoring case,
  accents, hyphens and apostrophes; "St"/"Ste" read as "Saint"/"Sainte"; a postal code
  lists the communes it serves, most populous first);
- :func:`resolve` turns a submitted text into exactly one current commune, or refuses it
  with a French message that names the candidates in a form that resolves (for example
  ``Saint-Girons (09261)``). A postal code is never taken for a commune code.

Pure Python (no Django), read from the shipped reference (``reference``).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from . import reference
from .reference import Commune

MAX_SUGGESTIONS = 10
MAX_NAMED = 8  # candidates named in a refusal message
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
CODE_RE = re.compile(r"^[0-9][0-9AB][0-9]{3}$")
LABELLED_RE = re.compile(r"^(?P<name>.*?)\s*\(\s*(?P<code>[0-9][0-9AaBb][0-9]{3})\s*\)$")
_SEPARATORS = re.compile(r"[^a-z0-9]+")


def normalize(text: str) -> str:
    """Lower case, no accents, words separated by one space, St → saint.

    >>> normalize("  SAINT-Girons ") == normalize("St Girons") == "saint girons"
    True
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("œ", "oe"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("æ", "ae")
    words = _SEPARATORS.sub(" ", plain).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def label(item: Commune) -> str:
    """The text that designates a commune without ambiguity: ``Foix (09122)``."""
    return f"{item.name} ({item.code})"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One commune proposed while typing, with what a person recognises it by."""

    commune: Commune
    department: str
    postal_codes: tuple[str, ...]

    @property
    def value(self) -> str:
        return label(self.commune)

    @property
    def details(self) -> str:
        """``Ariège · 09000`` (department name and postal codes, at most three)."""
        codes = ", ".join(self.postal_codes[:3]) + (" …" if len(self.postal_codes) > 3 else "")
        return " · ".join(part for part in (self.department, codes) if part)


@cache
def _sorted_names() -> tuple[list[str], list[Commune]]:
    pairs = sorted(((normalize(c.name), c) for c in reference.all_communes()), key=_pair_key)
    return [name for name, _ in pairs], [item for _, item in pairs]


def _pair_key(pair: tuple[str, Commune]) -> tuple[str, int, str]:
    name, item = pair
    return (name, -(item.population or 0), item.code)


def _rank(item: Commune) -> tuple[int, str, str]:
    return (-(item.population or 0), item.name, item.code)


def _by_name_prefix(prefix: str) -> list[Commune]:
    names, items = _sorted_names()
    found = []
    index = bisect_left(names, prefix)
    while index < len(names) and names[index].startswith(prefix):
        found.append(items[index])
        index += 1
    return found


def _by_word_prefix(prefix: str) -> list[Commune]:
    """Communes with a later word of the name starting with the query ("girons")."""
    names, items = _sorted_names()
    needle = " " + prefix
    return [items[i] for i, name in enumerate(names) if needle in name]


def communes_named(text: str) -> list[Commune]:
    """Communes whose whole name is ``text`` (normalised), most populous first."""
    wanted = normalize(text)
    if not wanted:
        return []
    return [c for c in _by_name_prefix(wanted) if normalize(c.name) == wanted]


def _by_code(text: str) -> list[Commune]:
    """A commune code, then the communes served by that postal code; no duplicates."""
    code = text.strip().upper()
    found: list[Commune] = []
    exact = reference.commune(code)
    if exact is not None:
        found.append(exact)
    former = reference.current_code(code)
    if former is not None:
        current = reference.commune(former[0])
        if current is not None and current not in found:
            found.append(current)
    found += [c for c in reference.communes_with_postal_code(code) if c not in found]
    return found


def search(query: str, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """Communes matching what is typed so far, best first (at most ``limit``).

    Digits: a commune code or postal code (``09000`` → Foix first), or the first digits
    of a postal code. Letters: names starting with the text, then names with a later
    word starting with it; the most populous first within each group.
    """
    text = query.strip()
    labelled = LABELLED_RE.match(text)
    if labelled:
        text = labelled["code"]
    wanted = normalize(text)
    if not wanted:
        return []
    if wanted.isdigit() or CODE_RE.match(text.upper()):
        if len(text) == 5:
            found = _by_code(text)
        elif len(wanted) >= 2 and wanted.isdigit():
            found = _by_postal_prefix(wanted, limit)
        else:
            found = []
    else:
        starts = _by_name_prefix(wanted)
        exact = [c for c in starts if normalize(c.name) == wanted]
        others = sorted((c for c in starts if c not in exact), key=_rank)
        found = sorted(exact, key=_rank) + others
        if len(found) < limit:
            found += sorted((c for c in _by_word_prefix(wanted) if c not in found), key=_rank)
    return [_suggestion(c) for c in found[:limit]]


def _by_postal_prefix(prefix: str, limit: int) -> list[Commune]:
    found: list[Commune] = []
    for postal in sorted(p for p in reference.postal_code_list() if p.startswith(prefix)):
        found += [c for c in reference.communes_with_postal_code(postal) if c not in found]
        if len(found) >= limit:
            break
    return found


def _suggestion(item: Commune) -> Suggestion:
    return Suggestion(
        commune=item,
        department=reference.department_name(item.department) or "",
        postal_codes=reference.postal_codes(item.code),
    )


class CommuneNotFound(ValueError):
    """The text designates no current commune, or several: ``message`` says which (French)."""

    def __init__(self, message: str, candidates: tuple[Commune, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.candidates = candidates


def _named(candidates: list[Commune]) -> str:
    shown = ", ".join(label(c) for c in candidates[:MAX_NAMED])
    rest = len(candidates) - MAX_NAMED
    return shown + (f" et {rest} autre{'s' if rest > 1 else ''}" if rest > 0 else "")


def resolve(text: str) -> Commune:
    """The one current commune ``text`` designates, or :class:`CommuneNotFound`.

    Accepted: ``Foix (09122)`` (what a suggestion fills in), an INSEE code (``09122``;
    a former code gives today's commune), a postal code serving one commune only, a
    commune name borne by one commune only. Refused, naming the candidates: a postal
    code serving several communes (``09000``), a code that is both an INSEE code and
    another commune's postal code, a name borne by several communes.
    """
    raw = " ".join(str(text).split())
    if not raw:
        raise CommuneNotFound("Indiquez une commune.")
    labelled = LABELLED_RE.match(raw)
    if labelled:
        return _resolve_labelled(labelled["name"], labelled["code"].upper())
    if CODE_RE.match(raw.upper()):
        return _resolve_code(raw.upper())
    if raw.isdigit():
        raise CommuneNotFound(
            f"« {raw} » n'est ni un code postal ni un code commune (5 caractères, par exemple "
            "09000 ou 09122)."
        )
    named = communes_named(raw)
    if len(named) == 1:
        return named[0]
    if named:
        raise CommuneNotFound(
            f"Plusieurs communes s'appellent « {raw} » : {_named(named)}. "
            "Choisissez-en une en indiquant son code entre parenthèses.",
            tuple(named),
        )
    close = [s.commune for s in search(raw)]
    hint = f" Communes proches : {_named(close)}." if close else ""
    raise CommuneNotFound(f"Aucune commune ne s'appelle « {raw} ».{hint}", tuple(close))


def _resolve_labelled(name: str, code: str) -> Commune:
    item = reference.commune(code)
    if item is None:
        former = reference.current_code(code)
        item = reference.commune(former[0]) if former else None
    if item is None:
        raise CommuneNotFound(f"Aucune commune n'a le code « {code} ».")
    if name and normalize(name) != normalize(item.name):
        raise CommuneNotFound(
            f"« {name} » ne correspond pas au code {code}, qui est celui de {label(item)}."
        )
    return item


def _resolve_code(code: str) -> Commune:
    exact = reference.commune(code)
    served = [c for c in reference.communes_with_postal_code(code) if c != exact]
    if exact is not None and not served:
        return exact
    if exact is not None:
        raise CommuneNotFound(
            f"« {code} » est le code commune de {label(exact)} et le code postal de "
            f"{_named(served)}. Précisez la commune en indiquant son code entre parenthèses.",
            (exact, *served),
        )
    former = reference.current_code(code)
    if former is not None and not served:
        current = reference.commune(former[0])
        if current is not None:
            return current
    if len(served) == 1:
        return served[0]
    if served:
        raise CommuneNotFound(
            f"Le code postal {code} dessert {len(served)} communes : {_named(served)}. "
            "Choisissez-en une en indiquant son code entre parenthèses.",
            tuple(served),
        )
    raise CommuneNotFound(f"Aucune commune n'a le code « {code} » (ni code commune ni postal).")


def commune_code_error(code: str) -> str | None:
    """Why ``code`` cannot be stored as a commune code (French), or ``None`` if it can.

    Only the INSEE code of a current commune may be stored: a former code, a postal code
    or a name is refused, naming the communes meant.
    """
    value = str(code).strip()
    if not value:
        return "Indiquez le code INSEE d'une commune."
    if reference.commune(value) is not None and value == value.upper():
        return None
    former = reference.current_code(value.upper())
    if former is not None and reference.commune(former[0]) is not None:
        return (
            f"« {value} » est un ancien code : la commune actuelle est "
            f"{label(reference.commune(former[0]))}."
        )
    served = list(reference.communes_with_postal_code(value))
    if served:
        return (
            f"« {value} » est un code postal, pas un code commune (INSEE) : il dessert "
            f"{_named(served)}."
        )
    if value and not value.isdigit():
        named = communes_named(value)
        if named:
            return f"« {value} » est un nom : indiquez le code commune, {_named(named)}."
    return f"« {value} » n'est pas une commune du COG 2026 (code INSEE inconnu)."
