"""Notes on a call: what the dispatcher learned or did, with who wrote it and when.

Notes are only ever added (a correction is a new note), so the call's record reads as it
happened. Each is announced to every open board; the text travels with the call, not the
event, so the event log holds no free text about a patient.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from goldenhour.adapters.db.tables import IncidentNoteRow, User
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.dispatch.events import IncidentNoteAdded
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.services.dispatch import incidents
from goldenhour.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Note:
    id: int
    incident_id: int
    author: str
    at: datetime
    text: str


def add_note(uow: UnitOfWork, actor: Actor, incident_id: int, text: str) -> Note:
    incident = incidents.get_incident(uow, actor.agency_id, incident_id)
    if not text.strip():
        raise InvalidInput.for_field("text", "a note needs some text")
    row = IncidentNoteRow(
        agency_id=actor.agency_id,
        incident_id=incident.id,
        author_id=actor.user_id,
        at=uow.clock.now(),
        text=text,
    )
    uow.session.add(row)
    uow.session.flush()
    uow.audit(actor, "note", "incident", incident.id, {"note_id": row.id})
    uow.emit(actor.agency_id, IncidentNoteAdded(incident.id, row.id, actor.username))
    uow.commit()
    return Note(row.id, incident.id, actor.username, row.at, row.text)


def notes_of(uow: UnitOfWork, agency_id: int, incident_id: int) -> list[Note]:
    """The call's notes, oldest first."""
    incident = incidents.get_incident(uow, agency_id, incident_id)
    rows = uow.session.execute(
        select(IncidentNoteRow, User.username)
        .join(User, User.id == IncidentNoteRow.author_id)
        .where(IncidentNoteRow.incident_id == incident.id)
        .order_by(IncidentNoteRow.id)
    )
    return [Note(n.id, n.incident_id, name, n.at, n.text) for n, name in rows]
