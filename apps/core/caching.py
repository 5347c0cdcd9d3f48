"""Keys for the shared cache (Redis or the database table, see settings): bounded in length
whatever their parts, since the database cache's key column holds 255 characters."""

from __future__ import annotations

import hashlib


def cache_key(kind: str, *parts: object) -> str:
    """``kind:`` followed by a digest of ``parts`` (their ``str``), e.g.
    ``cache_key("dashboard", plan.code, at, unit_code, version)``: 1 + 64 characters past the kind."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
    return f"{kind}:{digest}"
