"""One settings object, read once at start-up.

Settings come from the environment (``GOLDENHOUR_*``) or, in tests, from an explicit mapping,
so nothing patches ``os.environ``. Outside development a default secret is refused: a
production service must not sign tokens with a value printed in the README.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from goldenhour.domain.shared.errors import InvalidInput

REPO_ROOT = Path(__file__).resolve().parents[2]
DEV_SECRET = "dev-only-secret-change-me"


def refdata_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where third-party reference data lives: ``GOLDENHOUR_REFDATA`` or ``../shared/data``."""
    env = os.environ if env is None else env
    explicit = env.get("GOLDENHOUR_REFDATA")
    return Path(explicit) if explicit else REPO_ROOT.parent / "shared" / "data"


@dataclass(frozen=True)
class Settings:
    environment: str = "development"
    data_dir: Path = REPO_ROOT / "var"
    database_url: str = ""
    secret_key: str = DEV_SECRET
    token_ttl_seconds: int = 12 * 3600
    max_body_bytes: int = 1_000_000
    refdata: Path = REPO_ROOT.parent / "shared" / "data"
    region: str = "demo"  # the road region dispatch uses (under data_dir/regions)
    triage_protocol: Path | None = None  # the agency's edited protocol; None: shipped default
    stale_position_s: int = 300  # a unit position older than this is flagged and not used
    offload_threshold_s: int = 1800  # arrival to transfer of care longer than this: alert
    alert_limits: Path | None = None  # the agency's overdue thresholds by status; None: shipped
    clock_skew_s: int = 60  # a PSAP call time this far ahead of ours is accepted and noted
    map_tile_url: str = ""  # e.g. "https://tiles.example.org/{z}/{x}/{y}.png"; empty: roads only
    case_definitions: Path | None = None  # the agency's own surveillance case definitions
    log_format: str = "text"  # or "json": one JSON object per line, for a log shipper
    metrics_token: str = ""  # when set, GET /metrics asks for it as a bearer token
    failed_sign_in_pause_ms: int = 1000  # a refused sign-in is answered after this pause

    @property
    def effective_database_url(self) -> str:
        """The configured URL, or a SQLite file in the data directory (the embedded default)."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'goldenhour.sqlite3'}"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        settings = cls(
            environment=env.get("GOLDENHOUR_ENV", "development"),
            data_dir=Path(env.get("GOLDENHOUR_DATA_DIR", str(REPO_ROOT / "var"))),
            database_url=env.get("GOLDENHOUR_DATABASE_URL", ""),
            secret_key=env.get("GOLDENHOUR_SECRET_KEY", DEV_SECRET),
            token_ttl_seconds=_int(env, "GOLDENHOUR_TOKEN_TTL_SECONDS", 12 * 3600),
            max_body_bytes=_int(env, "GOLDENHOUR_MAX_BODY_BYTES", 1_000_000),
            refdata=refdata_dir(env),
            region=env.get("GOLDENHOUR_REGION", "demo"),
            triage_protocol=Path(env["GOLDENHOUR_TRIAGE_PROTOCOL"])
            if env.get("GOLDENHOUR_TRIAGE_PROTOCOL")
            else None,
            stale_position_s=_int(env, "GOLDENHOUR_STALE_POSITION_S", 300),
            offload_threshold_s=_int(env, "GOLDENHOUR_OFFLOAD_THRESHOLD_S", 1800),
            alert_limits=Path(env["GOLDENHOUR_ALERT_LIMITS"])
            if env.get("GOLDENHOUR_ALERT_LIMITS")
            else None,
            clock_skew_s=_int(env, "GOLDENHOUR_CLOCK_SKEW_S", 60),
            map_tile_url=env.get("GOLDENHOUR_MAP_TILE_URL", ""),
            case_definitions=Path(env["GOLDENHOUR_CASE_DEFINITIONS"])
            if env.get("GOLDENHOUR_CASE_DEFINITIONS")
            else None,
            log_format=env.get("GOLDENHOUR_LOG_FORMAT", "text"),
            metrics_token=env.get("GOLDENHOUR_METRICS_TOKEN", ""),
            failed_sign_in_pause_ms=_int(env, "GOLDENHOUR_FAILED_SIGN_IN_PAUSE_MS", 1000),
        )
        settings.check()
        return settings

    def check(self) -> None:
        if self.database_url.startswith("postgres://"):
            raise InvalidInput.for_field(
                "GOLDENHOUR_DATABASE_URL",
                "postgres:// is a name SQLAlchemy no longer reads: write the same URL "
                "beginning postgresql:// (postgresql://USER:PASSWORD@HOST:5432/DATABASE)",
            )
        if self.environment != "development" and self.secret_key == DEV_SECRET:
            raise InvalidInput.for_field(
                "GOLDENHOUR_SECRET_KEY", "must be set to a private value outside development"
            )
        if self.token_ttl_seconds <= 0:
            raise InvalidInput.for_field("GOLDENHOUR_TOKEN_TTL_SECONDS", "must be positive")
        if self.stale_position_s <= 0:
            raise InvalidInput.for_field("GOLDENHOUR_STALE_POSITION_S", "must be positive")
        if self.log_format not in ("text", "json"):
            raise InvalidInput.for_field("GOLDENHOUR_LOG_FORMAT", "must be 'text' or 'json'")


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise InvalidInput.for_field(name, f"must be an integer, got {raw!r}") from None
