"""Public health: detector runs, signals, CAP advisories, crew acknowledgements, alerting.

Revision ID: 0008_surveillance
Revises: 0007_crew_chart
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_surveillance"
down_revision = "0007_crew_chart"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def _agency() -> sa.Column[int]:
    return sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False)


def _user(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer, sa.ForeignKey("users.id"), nullable=True)


def upgrade() -> None:
    op.create_table(
        "surveillance_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        _agency(),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("trigger", sa.String(20), nullable=False),
        _user("user_id"),
        sa.Column("cases", sa.Integer, nullable=False),
        sa.Column("signals", sa.Integer, nullable=False),
    )
    op.create_index("ix_surveillance_runs_agency_at", "surveillance_runs", ["agency_id", "at"])
    op.create_table(
        "surveillance_signals",
        sa.Column("id", sa.Integer, primary_key=True),
        _agency(),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("surveillance_runs.id"), nullable=False),
        sa.Column("detector", sa.String(20), nullable=False),
        sa.Column("definition", sa.String(60), nullable=False),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("start", TIMESTAMP, nullable=False),
        sa.Column("end", TIMESTAMP, nullable=False),
        sa.Column("observed", sa.Integer, nullable=False),
        sa.Column("expected", sa.Float, nullable=True),
        sa.Column("p", sa.Float, nullable=True),
        sa.Column("center_lat", sa.Float, nullable=False),
        sa.Column("center_lon", sa.Float, nullable=False),
        sa.Column("radius_km", sa.Float, nullable=False),
        sa.Column("detail", sa.JSON, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("reason", sa.String(2000), nullable=True),
        _user("decided_by"),
        sa.Column("decided_at", TIMESTAMP, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.UniqueConstraint("agency_id", "fingerprint"),
    )
    op.create_index(
        "ix_surveillance_signals_agency_status", "surveillance_signals", ["agency_id", "status"]
    )
    op.create_table(
        "advisories",
        sa.Column("id", sa.Integer, primary_key=True),
        _agency(),
        sa.Column("identifier", sa.String(100), nullable=False, unique=True),
        sa.Column("signal_id", sa.Integer, sa.ForeignKey("surveillance_signals.id"), nullable=True),
        sa.Column("follows_id", sa.Integer, sa.ForeignKey("advisories.id"), nullable=True),
        sa.Column("audience", sa.String(10), nullable=False),
        sa.Column("msg_type", sa.String(10), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("draft", sa.JSON, nullable=False),
        sa.Column("cap_xml", sa.Text, nullable=False),
        _user("created_by"),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        _user("approved_by"),
        sa.Column("published_at", TIMESTAMP, nullable=True),
    )
    op.create_index("ix_advisories_agency_status", "advisories", ["agency_id", "status"])
    op.create_table(
        "advisory_acks",
        sa.Column("id", sa.Integer, primary_key=True),
        _agency(),
        sa.Column("advisory_id", sa.Integer, sa.ForeignKey("advisories.id"), nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
        _user("user_id"),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.UniqueConstraint("advisory_id", "unit_id"),
    )
    op.create_index("ix_advisory_acks_advisory_id", "advisory_acks", ["advisory_id"])
    op.create_table(
        "agency_alerting",
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), primary_key=True),
        sa.Column("document", sa.JSON, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("agency_alerting")
    op.drop_index("ix_advisory_acks_advisory_id", "advisory_acks")
    op.drop_table("advisory_acks")
    op.drop_index("ix_advisories_agency_status", "advisories")
    op.drop_table("advisories")
    op.drop_index("ix_surveillance_signals_agency_status", "surveillance_signals")
    op.drop_table("surveillance_signals")
    op.drop_index("ix_surveillance_runs_agency_at", "surveillance_runs")
    op.drop_table("surveillance_runs")
