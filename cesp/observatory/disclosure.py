"""Small-cell suppression over additive relations between counts (no Django).

A report publishes counts (*cells*) tied by additive *relations* ``total = Σ parts``:
a flow adds up to its profiles, phases to the studied profiles, the specialties of a
phase to its size, known + missing to a group, and so on. Some terms of a relation are
*virtual*: never published but computable (the complement of a share, the profiles
with an unknown value). :func:`protect` chooses the cells to suppress so that:

- primary: no published count is from 1 to ``threshold - 1`` (0 is published);
- no suppressed cell is determined by the published ones, neither by subtraction in
  one relation (its row, column or margin) nor by any combination of relations (a
  rank test on the system of relations restricted to the unknown cells);
- no virtual count from 1 to ``threshold - 1`` is determined either;
- the suppressed parts of a relation whose total is published never add up to 1 to
  ``threshold - 1`` (that sum is known: it would publish a small group).

Secondary suppression takes, each time, the smallest published non-zero term of a
relation that gives something away, until nothing does (the set only grows, so this
ends). Standard approach of statistical offices for linked tables, made exact for this
report's relations.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

Key = Hashable


@dataclass(frozen=True)
class Relation:
    """``total = sum(parts)``, every term a cell key."""

    total: Key
    parts: tuple[Key, ...]

    @property
    def terms(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


class Grid:
    """Cells (real or virtual), their values and relations; tracks what is suppressed."""

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self.values: dict[Key, int] = {}
        self.virtual: set[Key] = set()
        self.relations: list[Relation] = []
        self.suppressed: set[Key] = set()

    def cell(self, key: Key, value: int, *, virtual: bool = False) -> Key:
        self.values[key] = value
        if virtual:
            self.virtual.add(key)
        return key

    def relate(self, total: Key, parts: Iterable[Key], *, rest: Key | None = None) -> bool:
        """Add ``total = Σ parts`` (plus a virtual ``rest`` cell holding the difference,
        when given). A relation that does not hold is not added (returns False)."""
        parts = tuple(parts)
        if any(k not in self.values for k in (total, *parts)):
            return False
        gap = self.values[total] - sum(self.values[k] for k in parts)
        if rest is not None:
            if gap < 0:
                return False
            parts = (*parts, self.cell(rest, gap, virtual=True))
        elif gap != 0:
            return False
        self.relations.append(Relation(total, parts))
        return True

    def small(self, value: int) -> bool:
        return 0 < value < self.threshold

    def unknown(self, key: Key) -> bool:
        return key in self.suppressed or key in self.virtual

    def protect(self) -> set[Key]:
        """Primary then secondary suppression; returns the suppressed real cells."""
        self.suppressed |= {
            k for k, v in self.values.items() if k not in self.virtual and self.small(v)
        }
        while True:
            leaks = self._relation_leaks() or self._rank_leaks()
            if not leaks:
                return self.suppressed
            if not self._suppress_next(leaks):
                return self.suppressed  # nothing left to suppress (cannot happen: tested)

    def _leak_in(self, relation: Relation) -> bool:
        unknown = [k for k in relation.terms if self.unknown(k)]
        if len(unknown) == 1:
            key = unknown[0]
            return key in self.suppressed or self.small(self.values[key])
        if unknown and not self.unknown(relation.total):
            return self.small(sum(self.values[k] for k in unknown))
        return False

    def _relation_leaks(self) -> list[Relation]:
        return [r for r in self.relations if self._leak_in(r)]

    def _rank_leaks(self) -> list[Relation]:
        """Relations holding an unknown cell that the whole system determines (checked
        per connected group of unknown cells: small matrices, one at a time)."""
        leaking: set[Key] = set()
        for relations, unknown in self._components():
            leaking |= self._determined(relations, unknown)
        leaking = {k for k in leaking if k in self.suppressed or self.small(self.values[k])}
        return [r for r in self.relations if leaking & set(r.terms)]

    def _components(self) -> list[tuple[list[Relation], list[Key]]]:
        parent: dict[Key, Key] = {}

        def root(key: Key) -> Key:
            while parent.setdefault(key, key) != key:
                parent[key] = parent[parent[key]]
                key = parent[key]
            return key

        involved = []
        for relation in self.relations:
            unknown = [k for k in relation.terms if self.unknown(k)]
            if unknown:
                involved.append((relation, unknown))
                for key in unknown[1:]:
                    parent[root(key)] = root(unknown[0])
        groups: dict[Key, tuple[list[Relation], set[Key]]] = {}
        for relation, unknown in involved:
            relations, keys = groups.setdefault(root(unknown[0]), ([], set()))
            relations.append(relation)
            keys.update(unknown)
        return [(relations, sorted(keys, key=repr)) for relations, keys in groups.values()]

    def _determined(self, relations: list[Relation], unknown: list[Key]) -> set[Key]:
        import numpy as np

        index = {k: i for i, k in enumerate(unknown)}
        matrix = np.zeros((len(relations), len(unknown)))
        for row, relation in enumerate(relations):
            for key in relation.parts:
                if key in index:
                    matrix[row, index[key]] += 1
            if relation.total in index:
                matrix[row, index[relation.total]] -= 1
        # x_i is determined iff e_i lies in the row space: its projection on an
        # orthonormal basis of that space (the right singular vectors) has norm 1.
        _, singular, vt = np.linalg.svd(matrix, full_matrices=False)
        projection = (vt[singular > 1e-9] ** 2).sum(axis=0)
        return {key for key, i in index.items() if projection[i] > 1 - 1e-9}

    def _suppress_next(self, leaks: Sequence[Relation]) -> bool:
        candidates = [
            k for r in leaks for k in r.terms if not self.unknown(k) and self.values[k] > 0
        ]
        if not candidates:
            # widen to the relations sharing an unknown cell with the leaking ones
            shared = {k for r in leaks for k in r.terms if self.unknown(k)}
            candidates = [
                k
                for r in self.relations
                if shared & set(r.terms)
                for k in r.terms
                if not self.unknown(k) and self.values[k] > 0
            ]
        if not candidates:
            return False
        self.suppressed.add(min(candidates, key=lambda k: (self.values[k], repr(k))))
        return True
