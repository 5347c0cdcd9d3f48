"""The explicit system actor, importable before Django is set up (benchmarks, scripts)."""

from __future__ import annotations

SYSTEM_USERNAME = "he-thong"


class MissingActor(TypeError):
    """A write or a read was asked without saying who asks: a programming error, never full rights."""


class _SystemActor:
    """The explicit system actor: CLI runs without ``--as``, background jobs, the demo loader."""

    pk = None
    id = None
    is_authenticated = True
    username = SYSTEM_USERNAME

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _SystemActor()
