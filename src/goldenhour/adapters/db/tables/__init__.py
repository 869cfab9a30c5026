"""The tables, in SQLAlchemy 2's typed ORM style, one module per EMS concept.

Every table that holds an agency's data carries ``agency_id``; repositories always filter on it,
which is what keeps one agency from ever seeing another's records. Importing this package
registers every table on ``Base`` (Alembic and ``create_all`` need them all) and names each row
class here, so ``from goldenhour.adapters.db.tables import IncidentRow`` works from any layer
that may touch storage. A new concept's tables go in their own module, imported here.
"""

from goldenhour.adapters.db.tables.accounts import (
    Agency,
    AuditEntry,
    AuthToken,
    SignInFailure,
    User,
)
from goldenhour.adapters.db.tables.base import Base, BigId
from goldenhour.adapters.db.tables.charting import AgencyProtocolVersion, ChartEntryKey
from goldenhour.adapters.db.tables.credentials import CertificationRow, EndorsementRow, Provider
from goldenhour.adapters.db.tables.destination import (
    DestinationChoiceRow,
    FacilityRow,
    FacilityStatusRow,
    OffloadAlertRow,
)
from goldenhour.adapters.db.tables.dispatch import (
    AssignmentRow,
    CallTypeRow,
    IncidentNoteRow,
    IncidentRow,
    IncidentTimeRow,
    RequestKeyRow,
)
from goldenhour.adapters.db.tables.events import StoredEvent
from goldenhour.adapters.db.tables.pcr import PatientCareRecordRow, PcrAddendumRow, ScopeFlagRow
from goldenhour.adapters.db.tables.scope import AgencyProtocol
from goldenhour.adapters.db.tables.surveillance import (
    AdvisoryAckRow,
    AdvisoryRow,
    AgencyAlertingRow,
    SurveillanceRunRow,
    SurveillanceSignalRow,
)
from goldenhour.adapters.db.tables.units import CrewAssignmentRow, UnitPositionRow, UnitRow

__all__ = [
    "AdvisoryAckRow",
    "AdvisoryRow",
    "Agency",
    "AgencyAlertingRow",
    "AgencyProtocol",
    "AgencyProtocolVersion",
    "AssignmentRow",
    "AuditEntry",
    "AuthToken",
    "Base",
    "BigId",
    "CallTypeRow",
    "CertificationRow",
    "ChartEntryKey",
    "CrewAssignmentRow",
    "DestinationChoiceRow",
    "EndorsementRow",
    "FacilityRow",
    "FacilityStatusRow",
    "IncidentNoteRow",
    "IncidentRow",
    "IncidentTimeRow",
    "OffloadAlertRow",
    "PatientCareRecordRow",
    "PcrAddendumRow",
    "Provider",
    "RequestKeyRow",
    "ScopeFlagRow",
    "SignInFailure",
    "StoredEvent",
    "SurveillanceRunRow",
    "SurveillanceSignalRow",
    "UnitPositionRow",
    "UnitRow",
    "User",
]
