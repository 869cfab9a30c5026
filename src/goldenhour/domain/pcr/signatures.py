"""Signatures drawn on the crew's screen, kept as NEMSIS ``eOther.SignatureGroup``.

Who signs and why: the patient (permission to treat), the patient's representative, the
patient refusing care (a refusal), the receiving hospital's staff (transfer of care), a crew
member. A patient who cannot or will not sign is documented with the reason they did not
(eOther.15 "Not Signed - ..."), which is itself a complete answer. The drawing is a PNG kept
base64-encoded in eOther.18, as the standard carries it.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from goldenhour.domain.pcr.elements import ElementSchema
from goldenhour.domain.pcr.groups import build_group
from goldenhour.domain.pcr.record import value_entry
from goldenhour.domain.pcr.tree import Entry, Group
from goldenhour.domain.shared.errors import InvalidInput

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_PNG_BYTES = 200_000
SIGNED, SIGNED_NOT_PATIENT = "4515031", "4515033"


class Signer(StrEnum):
    PATIENT = "patient"
    REPRESENTATIVE = "representative"
    REFUSAL = "refusal"  # the patient signs a refusal of care
    RECEIVING = "receiving"  # receiving facility staff at transfer of care
    CREW = "crew"

    @property
    def type_code(self) -> str:  # eOther.12
        return {
            Signer.PATIENT: "4512015",
            Signer.REPRESENTATIVE: "4512017",
            Signer.REFUSAL: "4512015",
            Signer.RECEIVING: "4512005",
            Signer.CREW: "4512003",
        }[self]

    @property
    def reason_code(self) -> str:  # eOther.13
        return {
            Signer.PATIENT: "4513003",
            Signer.REPRESENTATIVE: "4513003",
            Signer.REFUSAL: "4513009",
            Signer.RECEIVING: "4513007",
            Signer.CREW: "4513023",
        }[self]


@dataclass(frozen=True)
class Signature:
    signer: Signer
    at: datetime
    first_name: str | None = None
    last_name: str | None = None
    png: bytes | None = None  # the drawing; None when not signed
    not_signed: str | None = None  # eOther.15 "Not Signed - ..." code when there is no drawing


def png_from_data_url(text: str, field: str = "image") -> bytes:
    """The PNG bytes of a ``data:image/png;base64,...`` URL (what a canvas gives)."""
    prefix = "data:image/png;base64,"
    if not text.startswith(prefix):
        raise InvalidInput.for_field(field, "must be a data:image/png;base64 URL")
    try:
        data = base64.b64decode(text[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput.for_field(field, "is not valid base64") from None
    if not data.startswith(PNG_MAGIC):
        raise InvalidInput.for_field(field, "is not a PNG image")
    if len(data) > MAX_PNG_BYTES:
        raise InvalidInput.for_field(field, f"is larger than {MAX_PNG_BYTES} bytes")
    return data


def signature_group(schema: ElementSchema, signature: Signature) -> Group:
    if (signature.png is None) == (signature.not_signed is None):
        raise InvalidInput.for_field(
            "image", "send the drawn signature, or not_signed with the reason there is none"
        )
    status = signature.not_signed or (
        SIGNED if signature.signer in (Signer.PATIENT, Signer.REFUSAL) else SIGNED_NOT_PATIENT
    )
    spec = schema.spec("eOther.15")
    if spec.code_name(status) is None:
        raise InvalidInput.for_field("not_signed", f"{status!r} is not a code of {spec.label}")
    entries = [
        Entry("eOther.12", signature.signer.type_code),
        Entry("eOther.13", signature.signer.reason_code),
        Entry("eOther.15", status),
        value_entry("eOther.19", signature.at),
    ]
    if signature.png is not None:
        entries += [
            Entry("eOther.16", f"signature-{signature.signer.value}.png"),
            Entry("eOther.17", "png"),
            Entry("eOther.18", base64.b64encode(signature.png).decode()),
        ]
    if signature.last_name:
        entries.append(value_entry("eOther.20", signature.last_name))
    if signature.first_name:
        entries.append(value_entry("eOther.21", signature.first_name))
    return build_group(schema, "eOther.SignatureGroup", entries)
