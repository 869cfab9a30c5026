"""A user account may belong to a provider on the roster (a crew member signing in).

Revision ID: 0006_user_provider
Revises: 0005_patient_care
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_user_provider"
down_revision = "0005_patient_care"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Batch mode: SQLite cannot add a foreign key to an existing table in place.
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("provider_id", sa.Integer, nullable=True))
        batch.create_foreign_key("fk_users_provider_id", "providers", ["provider_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("fk_users_provider_id", type_="foreignkey")
        batch.drop_column("provider_id")
