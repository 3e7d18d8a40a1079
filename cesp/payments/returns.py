"""Reading the bank's returns: pain.002 (payment status report) and camt.054 (debit and
credit notifications), per transfer (EndToEndId), with a French message per ISO 20022
reason code (workflows-payments.md §2.7 "readable error messages per return code")."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .enums import FileKind

ACCEPTED, REJECTED = "accepted", "rejected"

#: ISO 20022 ExternalStatusReason / ExternalReturnReason codes seen on SEPA credit
#: transfers (EPC SCT rulebook, "R-transactions"), in French for the manager and the
#: signatory.
REASONS = {
    "AC01": "IBAN incorrect : le numéro de compte n'existe pas dans cette banque",
    "AC03": "numéro de compte du bénéficiaire invalide",
    "AC04": "compte clôturé",
    "AC06": "compte bloqué",
    "AC13": "type de compte du bénéficiaire invalide",
    "AG01": "opération interdite sur ce type de compte",
    "AG02": "code d'opération invalide",
    "AM04": "provision insuffisante sur le compte du gestionnaire payeur",
    "AM05": "virement en double",
    "BE04": "adresse du bénéficiaire manquante ou incorrecte",
    "BE05": "émetteur du virement non reconnu",
    "CNOR": "banque du bénéficiaire non joignable",
    "DNOR": "banque du gestionnaire payeur non joignable",
    "DUPL": "virement en double",
    "FF01": "format du fichier invalide",
    "FOCR": "virement retourné après une demande d'annulation",
    "MD07": "titulaire du compte décédé",
    "MS02": "refus du bénéficiaire ou de sa banque (motif non précisé)",
    "MS03": "motif non précisé par la banque",
    "RC01": "BIC incorrect",
    "RR01": "identification du titulaire manquante (motif réglementaire)",
    "RR02": "nom ou adresse du titulaire manquant (motif réglementaire)",
    "RR03": "nom ou adresse du bénéficiaire manquant (motif réglementaire)",
    "RR04": "motif réglementaire",
    "SL01": "service particulier de la banque du bénéficiaire",
    "TM01": "fichier reçu après l'heure limite",
    "VOPN": "le nom du titulaire ne correspond pas au compte (vérification du bénéficiaire)",
}


def reason_text(code: str) -> str:
    """« Compte clôturé (code AC04) », or the code itself when unknown."""
    label = REASONS.get(code)
    if not code:
        return "rejet sans motif indiqué par la banque"
    if label is None:
        return f"motif {code} communiqué par la banque (code non répertorié)"
    return f"{label} (code {code})"


class ReturnFileError(Exception):
    """The file cannot be read or does not match the transfers sent: a French sentence."""


@dataclass(frozen=True)
class ReturnLine:
    number: int  # 1-based, in the file's order
    end_to_end_id: str
    outcome: str  # ACCEPTED or REJECTED
    code: str = ""

    @property
    def label(self) -> str:
        return reason_text(self.code) if self.outcome == REJECTED else ""


@dataclass(frozen=True)
class ReturnFile:
    kind: str
    message_id: str
    original_message_id: str
    lines: tuple[ReturnLine, ...]
    group_rejected_code: str = ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(node: ET.Element | None, *path: str) -> ET.Element | None:
    for name in path:
        if node is None:
            return None
        node = next((c for c in node if _local(c.tag) == name), None)
    return node


def _children(node: ET.Element | None, name: str) -> list[ET.Element]:
    return [] if node is None else [c for c in node if _local(c.tag) == name]


def _text(node: ET.Element | None, *path: str) -> str:
    found = _child(node, *path)
    return (found.text or "").strip() if found is not None else ""


def _reason(node: ET.Element | None) -> str:
    for info in _children(node, "StsRsnInf") + _children(node, "RtrInf"):
        code = _text(info, "Rsn", "Cd") or _text(info, "Rsn", "Prtry")
        if code:
            return code
    return ""


def parse(content: bytes) -> ReturnFile:
    """A pain.002 or camt.054 return; raises ``ReturnFileError`` in French."""
    try:
        root = ET.fromstring(content)
    except ET.ParseError as error:
        line = getattr(error, "position", (0, 0))[0]
        raise ReturnFileError(
            f"Le fichier n'est pas un XML lisible (erreur ligne {line}) : rien n'a été importé."
        ) from None
    body = next(iter(root), None)
    name = _local(body.tag) if body is not None else ""
    if name == "CstmrPmtStsRpt":
        return _pain002(body)
    if name == "BkToCstmrDbtCdtNtfctn":
        return _camt054(body)
    raise ReturnFileError(
        "Ce fichier n'est ni un compte rendu de la banque (pain.002) ni un avis de débit ou "
        "de crédit (camt.054) : rien n'a été importé."
    )


def _pain002(body: ET.Element) -> ReturnFile:
    group = _child(body, "OrgnlGrpInfAndSts")
    group_status = _text(group, "GrpSts")
    lines = []
    for info in _children(body, "OrgnlPmtInfAndSts"):
        for tx in _children(info, "TxInfAndSts"):
            status = _text(tx, "TxSts")
            outcome = REJECTED if status == "RJCT" else ACCEPTED
            lines.append(
                ReturnLine(
                    len(lines) + 1,
                    _text(tx, "OrgnlEndToEndId"),
                    outcome,
                    _reason(tx) if outcome == REJECTED else "",
                )
            )
    return ReturnFile(
        FileKind.PAIN002,
        _text(body, "GrpHdr", "MsgId"),
        _text(group, "OrgnlMsgId"),
        tuple(lines),
        group_rejected_code=(_reason(group) or "MS03") if group_status == "RJCT" else "",
    )


def _camt054(body: ET.Element) -> ReturnFile:
    lines = []
    for note in _children(body, "Ntfctn"):
        for entry in _children(note, "Ntry"):
            for details in _children(entry, "NtryDtls"):
                for tx in _children(details, "TxDtls"):
                    returned = _child(tx, "RtrInf")
                    code = _reason(tx) if returned is not None else ""
                    lines.append(
                        ReturnLine(
                            len(lines) + 1,
                            _text(tx, "Refs", "EndToEndId"),
                            REJECTED if returned is not None else ACCEPTED,
                            code,
                        )
                    )
    return ReturnFile(FileKind.CAMT054, _text(body, "GrpHdr", "MsgId"), "", tuple(lines))
