"""Request and response bodies for sign-in, users and the agency."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, field_validator

from goldenhour.api.schemas.common import Id, ReadModel, RequestModel


class LoginRequest(RequestModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)
    unit_id: Id | None = Field(
        None, description="a shared unit tablet signs in for one unit and charts only its records"
    )


class UnitBinding(RequestModel):
    unit_id: Id


class TokenRead(ReadModel):
    access_token: str
    token_type: str = "bearer"
    expires_at: datetime
    user_id: int
    agency_id: int
    roles: list[str]
    unit_id: int | None = None


class UserCreate(RequestModel):
    username: str = Field(max_length=64)
    full_name: str = Field(max_length=200)
    password: str = Field(max_length=200)
    roles: list[str] = Field(min_length=1)


class UserRead(ReadModel):
    id: int
    agency_id: int
    username: str
    full_name: str
    roles: list[str]
    active: bool
    created_at: datetime
    provider_id: int | None = Field(description="the roster provider this account belongs to")

    @field_validator("roles", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        return value.split() if isinstance(value, str) else value


class ProviderLink(RequestModel):
    provider_id: Id | None = Field(description="a provider of the agency, or null to unlink")


class MeRead(UserRead):
    unit_id: int | None = Field(
        description="the unit whose crew the user's provider is on now, or the unit a shared "
        "tablet signed in for"
    )
    unit_call_sign: str | None


class AgencyRead(ReadModel):
    id: int
    slug: str
    name: str
    state: str
    created_at: datetime


class AuditEntryRead(ReadModel):
    id: int
    at: datetime
    user_id: int | None
    action: str
    entity_type: str
    entity_id: str
    detail: dict[str, object]


class StreamTicketRead(ReadModel):
    ticket: str = Field(description="pass as ?ticket= to GET /api/v1/events before it expires")
    expires_at: datetime


class SessionRead(ReadModel):
    id: int
    issued_at: datetime
    expires_at: datetime
    current: bool = Field(description="the session this request was made with")


class PasswordChange(RequestModel):
    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(max_length=200)


class PasswordReset(RequestModel):
    new_password: str = Field(max_length=200)
