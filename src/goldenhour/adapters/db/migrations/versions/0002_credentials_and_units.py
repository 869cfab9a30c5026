"""Providers, certifications, endorsements, units, crews and agency protocols.

Revision ID: 0002_credentials_and_units
Revises: 0001_foundation
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_credentials_and_units"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def _agency() -> sa.Column[int]:
    return sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "providers",
        sa.Column("id", sa.Integer, primary_key=True),
        _agency(),
        sa.Column("external_id", sa.String(40), nullable=False),
        sa.Column("first_name", sa.String(100), nullable=False),
        sa.Column("last_name", sa.String(100), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.UniqueConstraint("agency_id", "external_id"),
    )
    op.create_table(
        "certifications",
        sa.Column("id", sa.Integer, primary_key=True),
        _agency(),
        sa.Column("provider_id", sa.Integer, sa.ForeignKey("providers.id"), nullable=False),
        sa.Column("level", sa.String(40), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("issuing_state", sa.String(2), nullable=True),
        sa.Column("issued", sa.Date, nullable=True),
        sa.Column("expires", sa.Date, nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("status_since", TIMESTAMP, nullable=True),
    )
    op.create_table(
        "endorsements",
        sa.Column("id", sa.Integer, primary_key=True),
        _agency(),
        sa.Column("provider_id", sa.Integer, sa.ForeignKey("providers.id"), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("expires", sa.Date, nullable=True),
    )
    op.create_table(
        "units",
        sa.Column("id", sa.Integer, primary_key=True),
        _agency(),
        sa.Column("call_sign", sa.String(20), nullable=False),
        sa.Column("unit_type", sa.String(20), nullable=False),
        sa.Column("equipment", sa.String(20), nullable=False),
        sa.Column("station", sa.String(80), nullable=True),
        sa.Column("derived_level", sa.String(20), nullable=True),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.UniqueConstraint("agency_id", "call_sign"),
    )
    op.create_table(
        "crew_assignments",
        sa.Column("id", sa.Integer, primary_key=True),
        _agency(),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
        sa.Column("provider_id", sa.Integer, sa.ForeignKey("providers.id"), nullable=False),
        sa.Column("start", TIMESTAMP, nullable=False),
        sa.Column("end", TIMESTAMP, nullable=True),
    )
    op.create_table(
        "agency_protocols",
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), primary_key=True),
        sa.Column("document", sa.JSON, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
    )
    for table in ("providers", "certifications", "endorsements", "units", "crew_assignments"):
        op.create_index(f"ix_{table}_agency_id", table, ["agency_id"])
    op.create_index("ix_certifications_provider_id", "certifications", ["provider_id"])
    op.create_index("ix_endorsements_provider_id", "endorsements", ["provider_id"])
    op.create_index("ix_crew_assignments_unit_id", "crew_assignments", ["unit_id"])
    op.create_index("ix_crew_assignments_provider", "crew_assignments", ["provider_id", "start"])


def downgrade() -> None:
    for table in (
        "agency_protocols",
        "crew_assignments",
        "units",
        "endorsements",
        "certifications",
        "providers",
    ):
        op.drop_table(table)
