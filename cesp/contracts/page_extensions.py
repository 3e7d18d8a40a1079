"""What the domain apps add to a contract's page, declared by them.

``contracts`` sits below the domain apps (docs/architecture.md) and imports none of them.
A domain app that adds links to the contract page registers, from its ``AppConfig.ready``,
a function ``(user, contract) -> dict[str, bool]`` of the abilities its links need; the
contract page merges them into its context (a link a user cannot follow is never shown).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Provider = Callable[[Any, Any], dict[str, bool]]

_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add ``provider`` once (``ready`` may run more than once in tests)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def abilities(user, contract) -> dict[str, bool]:
    """Every registered app's abilities for this contract's page (False when absent)."""
    result: dict[str, bool] = {}
    for provider in _providers:
        result.update(provider(user, contract))
    return result
