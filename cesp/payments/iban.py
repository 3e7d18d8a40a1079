"""Checking an IBAN and a BIC before anything is stored or sent (workflows-payments.md
§2.6, §2.9-5: sepaxml's XSD does not check the IBAN's key; schwifty does, and knows the
French banks' BICs). Every refusal is a French sentence saying what to correct."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from schwifty import BIC, IBAN
from schwifty import exceptions as bad

FRENCH_LENGTH = 27


@dataclass(frozen=True)
class CheckedAccount:
    iban: str  # compact, upper case
    bic: str  # 8 or 11 characters; derived from the IBAN when not given
    bank_name: str


def _iban_message(error: Exception, text: str) -> str:
    if isinstance(error, bad.InvalidCountryCode):
        return (
            f"L'IBAN commence par « {text[:2]} », qui n'est pas un code de pays connu : un "
            "IBAN français commence par FR."
        )
    if isinstance(error, bad.InvalidLength):
        where = " français" if text.startswith("FR") else ""
        size = f" (un IBAN français en compte {FRENCH_LENGTH})" if where else ""
        return (
            f"L'IBAN{where} saisi compte {len(text)} caractères{size} : vérifiez qu'il est complet."
        )
    if isinstance(error, bad.InvalidChecksumDigits):
        return (
            "L'IBAN saisi est incorrect : sa clé de contrôle (les 2 chiffres après le code "
            "pays) ne correspond pas au reste. Un caractère a sans doute été mal recopié : "
            "recopiez-le depuis votre relevé d'identité bancaire (RIB)."
        )
    if isinstance(error, bad.InvalidBBANChecksum):
        return (
            "L'IBAN saisi est incorrect : la clé RIB (les 2 derniers chiffres) ne correspond "
            "pas au numéro de compte. Recopiez-le depuis votre RIB."
        )
    return (
        "L'IBAN saisi n'a pas la forme attendue (lettres et chiffres, 27 caractères pour un "
        "compte français) : recopiez-le depuis votre RIB."
    )


def check_iban(raw: str) -> IBAN:
    """The IBAN, or ``ValidationError`` with a French message (spaces are ignored)."""
    text = "".join((raw or "").split()).upper()
    if not text:
        raise ValidationError("Indiquez l'IBAN du compte sur lequel l'allocation est versée.")
    try:
        iban = IBAN(text)
    except bad.SchwiftyException as error:
        raise ValidationError(_iban_message(error, text)) from None
    if not iban.in_sepa_zone:
        raise ValidationError(
            "Ce compte est tenu hors de la zone SEPA : l'allocation n'est versée que par "
            "virement SEPA (arrêté du 27 juillet 2010, art. 3)."
        )
    return iban


def check_bic(raw: str) -> BIC:
    """The BIC, or ``ValidationError`` with a French message."""
    text = "".join((raw or "").split()).upper()
    bic = _bic(text)
    if bic is None:
        raise ValidationError(
            f"Le BIC « {text} » n'a pas la forme attendue (8 ou 11 lettres et chiffres, par "
            "exemple BNPAFRPP)."
        )
    return bic


@lru_cache(maxsize=4096)
def _bic(text: str) -> BIC | None:
    """A BIC parsed once (a file names the same few banks thousands of times)."""
    try:
        return BIC(text)
    except bad.SchwiftyException:
        return None


def check_account(iban_text: str, bic_text: str = "") -> CheckedAccount:
    """An IBAN and its BIC checked together: the BIC given must be the bank's (when the
    registry knows the bank), else the registry's BIC is used. Raises ``ValidationError``
    with a dict of French messages per field."""
    try:
        iban = check_iban(iban_text)
    except ValidationError as error:
        raise ValidationError({"iban": error.messages}) from None
    known, bank_name = _registry(iban)
    if bic_text.strip():
        try:
            bic = check_bic(bic_text)
        except ValidationError as error:
            raise ValidationError({"bic": error.messages}) from None
        if bic.country_code != iban.country_code:
            raise ValidationError(
                {"bic": [f"Le BIC {bic.compact} n'est pas celui d'une banque du pays de l'IBAN."]}
            )
        if known is not None and bic.compact[:8] != known.compact[:8]:
            raise ValidationError(
                {
                    "bic": [
                        f"Le BIC {bic.compact} ne correspond pas à la banque de cet IBAN "
                        f"({bank_name or known.compact}, BIC {known.compact})."
                    ]
                }
            )
        code = bic.compact
    elif known is not None:
        code = known.compact
    else:
        raise ValidationError(
            {"bic": ["Indiquez le BIC de la banque : il ne peut pas être déduit de cet IBAN."]}
        )
    return CheckedAccount(iban.compact, code, bank_name or "")


_REGISTRY: dict[tuple[str, str, str], tuple[BIC | None, str]] = {}


def _registry(iban: IBAN) -> tuple[BIC | None, str]:
    """The bank's BIC and name from schwifty's registry, looked up once per bank and
    branch (the lookup builds many candidates: seconds over a 100 000-transfer file)."""
    key = (iban.country_code, iban.bank_code, iban.branch_code)
    if key not in _REGISTRY:
        _REGISTRY[key] = (iban.bic, iban.bank_name or "")
    return _REGISTRY[key]
