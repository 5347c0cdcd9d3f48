"""Django's database sessions, with one change to how a session is loaded.

Django's ``SessionBase._get_session`` loads the session inside ``except AttributeError`` (the
missing ``_session_cache`` is how it knows nothing is loaded yet). When that load fails — under
load, PostgreSQL refusing a connection ("too many clients already") — the database error is
raised *during the handling* of ``'SessionStore' object has no attribute '_session_cache'``, so
every error report leads with that AttributeError and hides the real cause. Here the load runs
outside any ``except``: a failed load reports itself alone.
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    def _get_session(self, no_load=False):
        self.accessed = True
        if not hasattr(self, "_session_cache"):
            self._session_cache = {} if self.session_key is None or no_load else self.load()
        return self._session_cache

    async def _aget_session(self, no_load=False):
        self.accessed = True
        if not hasattr(self, "_session_cache"):
            self._session_cache = {} if self.session_key is None or no_load else await self.aload()
        return self._session_cache

    _session = property(_get_session)
