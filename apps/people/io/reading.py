"""Moved to :mod:`apps.core.tabular` (shared by every import); kept so importers outside the
registry (``apps.organization``) keep working."""

from apps.core.tabular import FileRejected, Source, Table, open_table

__all__ = ["FileRejected", "Source", "Table", "open_table"]
