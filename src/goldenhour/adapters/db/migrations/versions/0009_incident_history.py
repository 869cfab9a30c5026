"""Past calls from an old CAD: an incident keeps the old system's number and its zone.

Revision ID: 0009_incident_history
Revises: 0008_surveillance
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_incident_history"
down_revision = "0008_surveillance"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("incidents", sa.Column("external_id", sa.String(40), nullable=True))
    op.add_column("incidents", sa.Column("zone", sa.String(40), nullable=True))
    # A unique index, not a constraint: SQLite adds one in place, without copying the table.
    op.create_index(
        "ux_incidents_agency_external_id", "incidents", ["agency_id", "external_id"], unique=True
    )


def downgrade() -> None:
    op.drop_index("ux_incidents_agency_external_id", "incidents")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("zone")
        batch.drop_column("external_id")
