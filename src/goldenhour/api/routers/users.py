"""Users of the caller's agency; only the agency admin creates or deactivates them."""

from __future__ import annotations

from fastapi import APIRouter

from goldenhour.adapters.db.tables import User
from goldenhour.api.deps import AdminActor, RuntimeDep, UowDep
from goldenhour.api.paging import Key, PageDep, page_of
from goldenhour.api.schemas.accounts import PasswordReset, ProviderLink, UserCreate, UserRead
from goldenhour.api.schemas.common import Id, Page
from goldenhour.services.accounts import crew_accounts, passwords
from goldenhour.services.accounts import users as accounts

router = APIRouter(prefix="/users", tags=["users"])


@router.get("", response_model=Page[UserRead])
def list_users(actor: AdminActor, uow: UowDep, page: PageDep) -> Page[UserRead]:
    """By user name."""
    return page_of(accounts.list_users(uow, actor), page, _by_name, UserRead.model_validate)


def _by_name(user: User) -> Key:
    return (user.username, user.id)


@router.post("", response_model=UserRead, status_code=201)
def create_user(body: UserCreate, actor: AdminActor, uow: UowDep) -> UserRead:
    user = accounts.create_user(
        uow, actor, actor.agency_id, body.username, body.full_name, body.password, body.roles
    )
    return UserRead.model_validate(user)


@router.get("/{user_id}", response_model=UserRead)
def get_user(user_id: Id, actor: AdminActor, uow: UowDep) -> UserRead:
    return UserRead.model_validate(accounts.get_user(uow, actor, user_id))


@router.post("/{user_id}/deactivate", response_model=UserRead)
def deactivate_user(user_id: Id, actor: AdminActor, uow: UowDep) -> UserRead:
    return UserRead.model_validate(accounts.deactivate_user(uow, actor, user_id))


@router.put("/{user_id}/provider", response_model=UserRead)
def link_provider(user_id: Id, body: ProviderLink, actor: AdminActor, uow: UowDep) -> UserRead:
    """Tie the account to the provider who signs in with it (a crew member's own account)."""
    return UserRead.model_validate(
        crew_accounts.link_provider(uow, actor, actor.agency_id, user_id, body.provider_id)
    )


@router.post("/{user_id}/password", response_model=UserRead)
def reset_password(
    user_id: Id, body: PasswordReset, actor: AdminActor, uow: UowDep, runtime: RuntimeDep
) -> UserRead:
    """Set a user's password: all their sessions end and a sign-in lockout is lifted."""
    user = passwords.reset(uow, runtime.settings.secret_key, actor, user_id, body.new_password)
    return UserRead.model_validate(user)
