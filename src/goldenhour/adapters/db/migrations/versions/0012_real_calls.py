"""Real calls: a call without coordinates or reason is stored and flagged; CAD call types;
retried POSTs answered once (Idempotency-Key).

Revision ID: 0012_real_calls
Revises: 0011_notes_and_cover
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_real_calls"
down_revision = "0011_notes_and_cover"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.alter_column("lon", existing_type=sa.Float, nullable=True)
        batch.alter_column("lat", existing_type=sa.Float, nullable=True)
        batch.alter_column("address", existing_type=sa.String(200), type_=sa.String(1000))
        batch.alter_column("landmark", existing_type=sa.String(200), type_=sa.String(1000))
        batch.alter_column("complaint", existing_type=sa.String(500), type_=sa.String(1000))
        batch.alter_column("callback", existing_type=sa.String(40), type_=sa.String(100))
        batch.add_column(sa.Column("location_source", sa.String(20), nullable=True))
        batch.add_column(sa.Column("flags", sa.JSON, nullable=False, server_default="[]"))
        batch.add_column(sa.Column("duplicate_of", sa.Integer, nullable=True))
        batch.add_column(sa.Column("cad_call_type", sa.String(200), nullable=True))
        batch.add_column(sa.Column("level_raised_reason", sa.String(1000), nullable=True))
    op.create_index("ix_incidents_agency_received", "incidents", ["agency_id", "received_at"])
    op.create_table(
        "call_types",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("call_type", sa.String(200), nullable=False),
        sa.Column("dispatch_reason", sa.String(7), nullable=False),
        sa.Column("type_of_service", sa.String(7), nullable=False),
        sa.Column("priority", sa.Integer, nullable=True),
        sa.Column("level", sa.String(20), nullable=True),
        sa.Column("plan", sa.String(60), nullable=True),
        sa.UniqueConstraint("agency_id", "call_type", name="ux_call_types_agency_call_type"),
    )
    op.create_table(
        "request_keys",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("route", sa.String(100), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=False),
        sa.Column("response", sa.JSON, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.UniqueConstraint("agency_id", "route", "key", name="ux_request_keys_key"),
    )


def downgrade() -> None:
    op.drop_table("request_keys")
    op.drop_table("call_types")
    op.drop_index("ix_incidents_agency_received", "incidents")
    with op.batch_alter_table("incidents") as batch:
        for column in (
            "level_raised_reason",
            "cad_call_type",
            "duplicate_of",
            "flags",
            "location_source",
        ):
            batch.drop_column(column)
