"""Changing one's own password, and an agency admin resetting someone else's.

Either way every other session of that user ends at once: a password changed because it leaked
must also shut out whoever used it. Changing one's own needs the current password (counted like
a sign-in attempt, so a stolen session cannot guess it); a reset also clears the account's
count of wrong passwords, which is how an admin lets a locked-out dispatcher back in.
"""

from __future__ import annotations

from goldenhour.adapters.db.tables import User
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.services.accounts import audit, sessions, sign_in_throttle
from goldenhour.services.accounts import users as accounts
from goldenhour.services.unit_of_work import UnitOfWork


def change_own(
    uow: UnitOfWork,
    secret: str,
    actor: Actor,
    current_token: str,
    current_password: str,
    new_password: str,
    address: str,
) -> int:
    """Set a new password; returns how many other sessions were ended."""
    now = uow.clock.now()
    with uow.reading():  # the hash is checked with no lock held, as at sign-in
        user = accounts.get_user(uow, actor, actor.user_id)
        sign_in_throttle.check(uow, secret, user.username, address, now)
        stored_hash = user.password_hash
    if not accounts.password_matches(stored_hash, current_password):
        sign_in_throttle.record_failure(uow, secret, user, user.username, address, now)
        uow.commit()
        raise InvalidInput.for_field("current_password", "is not your current password")
    if new_password == current_password:
        raise InvalidInput.for_field("new_password", "must differ from the current password")
    user.password_hash = accounts.hash_password(new_password, "new_password")
    keep = accounts.stored_token(uow, secret, current_token)
    ended = sessions.revoke_all(uow, actor, user, "password changed", keep=keep)
    audit.record(uow, actor, "password_change", "user", user.id)
    uow.commit()
    return ended


def reset(uow: UnitOfWork, secret: str, actor: Actor, user_id: int, new_password: str) -> User:
    """An admin sets a user's password: all their sessions end and any lockout is lifted."""
    user = accounts.get_user(uow, actor, user_id)
    user.password_hash = accounts.hash_password(new_password, "new_password")
    sessions.revoke_all(uow, actor, user, "password reset by an admin")
    sign_in_throttle.forget_account(uow, secret, user.username)
    audit.record(uow, actor, "password_reset", "user", user.id)
    uow.commit()
    return user
