"""Password hashing runs apart from the dispatch work: on one core, at a lower CPU priority,
so a flood of wrong passwords cannot take the cores the board's requests need (Linux)."""

from __future__ import annotations

import os
import threading

from argon2 import PasswordHasher, Type, extract_parameters

from goldenhour.services.accounts import users


def where_hashing_runs() -> tuple[int, set[int]]:
    thread = threading.get_native_id()
    return os.getpriority(os.PRIO_PROCESS, thread), os.sched_getaffinity(0)


def test_hashes_run_on_one_core_at_a_lower_priority_than_the_server() -> None:
    niceness, cores = users._HASHING.submit(where_hashing_runs).result()
    server_niceness, server_cores = where_hashing_runs()
    assert niceness == min(server_niceness + users.HASHING_NICENESS, 19)
    assert len(cores) == 1 and cores <= server_cores


def test_a_hash_made_there_is_a_standard_argon2_hash_and_checks_as_before() -> None:
    stored = users.hash_password("correct horse battery")
    assert PasswordHasher().verify(stored, "correct horse battery")
    assert users.password_matches(stored, "correct horse battery")
    assert not users.password_matches(stored, "wrong horse battery")
    assert not users.password_matches(None, "correct horse battery")


def test_hashes_use_owasps_first_recommended_argon2id_configuration() -> None:
    """OWASP Password Storage Cheat Sheet: Argon2id, 19 MiB of memory, 2 passes, 1 lane."""
    parameters = extract_parameters(users.hash_password("correct horse battery"))
    assert parameters.type is Type.ID
    assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (
        19 * 1024,
        2,
        1,
    )
