"""Patient care records, scope flags and addenda.

Revision ID: 0005_patient_care
Revises: 0004_facilities
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_patient_care"
down_revision = "0004_facilities"  # after the facilities tables
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def _agency() -> sa.Column[int]:
    return sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False)


def _user(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer, sa.ForeignKey("users.id"), nullable=True)


def _pcr() -> sa.Column[int]:
    return sa.Column("pcr_id", sa.Integer, sa.ForeignKey("patient_care_records.id"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "patient_care_records",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        _agency(),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id"), nullable=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
        sa.Column("warnings", sa.JSON, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        _user("created_by"),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.Column("locked_at", TIMESTAMP, nullable=True),
        _user("locked_by"),
    )
    for column in ("agency_id", "incident_id", "unit_id"):
        op.create_index(f"ix_patient_care_records_{column}", "patient_care_records", [column])
    op.create_index(
        "ix_pcr_agency_status_locked", "patient_care_records", ["agency_id", "status", "locked_at"]
    )
    op.create_table(
        "scope_flags",
        sa.Column("id", sa.Integer, primary_key=True),
        _agency(),
        _pcr(),
        sa.Column("intervention", sa.String(60), nullable=False),
        sa.Column("skill", sa.String(80), nullable=False),
        sa.Column("provider_id", sa.Integer, sa.ForeignKey("providers.id"), nullable=False),
        sa.Column("performed_at", TIMESTAMP, nullable=False),
        sa.Column("decision", sa.String(30), nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("outcome", sa.String(40), nullable=True),
        sa.Column("comment", sa.String(2000), nullable=True),
        _user("reviewer_id"),
        sa.Column("reviewed_at", TIMESTAMP, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
    )
    op.create_index("ix_scope_flags_pcr_id", "scope_flags", ["pcr_id"])
    op.create_index("ix_scope_flags_agency_status", "scope_flags", ["agency_id", "status"])
    op.create_table(
        "pcr_addenda",
        sa.Column("id", sa.Integer, primary_key=True),
        _agency(),
        _pcr(),
        _user("author_id"),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("reason", sa.String(1000), nullable=False),
        sa.Column("change", sa.JSON, nullable=False),
    )
    op.create_index("ix_pcr_addenda_pcr_id", "pcr_addenda", ["pcr_id"])


def downgrade() -> None:
    for table in ("pcr_addenda", "scope_flags", "patient_care_records"):
        op.drop_table(table)
