"""Backup and restore of the whole database in one portable file (``dtbd backup`` / ``dtbd restore``).

Why a portable format rather than copying the SQLite file or calling pg_dump: one format works on
both engines without extra binaries on the machine (pg_dump must match the server's major version
and is absent from a fresh CI image), and a SQLite backup restores into PostgreSQL and back.

File layout: one text line ``DTBD-BACKUP {header JSON}`` then a gzip stream of JSON lines. The
header holds the format version, dtbd's version, the engine, the date, the row count of each
table, the latest migration of each app and the SHA-256 of the gzip stream. In the stream, each
table is a line ``{"model": label, "columns": [...]}`` followed by one JSON array per row, in
primary-key order, values as the model fields give them (dates ISO, decimals as strings).

Consistency while a server runs: on SQLite the data is read from a snapshot taken with SQLite's
online backup API (``sqlite3.Connection.backup``); on PostgreSQL inside one REPEATABLE READ, READ
ONLY transaction. Restore is one transaction on both engines (foreign keys are checked at commit)
and resets PostgreSQL's sequences afterwards.
"""

from __future__ import annotations

import datetime as dt
import decimal
import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from apps.accounts.access import SYSTEM, scope_of
from apps.accounts.permissions import Perm
from apps.core.audit import audit_write
from apps.core.models import AuditEntry

MAGIC = b"DTBD-BACKUP "
FORMAT_VERSION = 1
BATCH = 2000
# Rebuilt by Django on use; a restored session table would sign people back in with old cookies.
SKIPPED = {"sessions.session"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Vietnamese and shown as is."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    tables: dict[str, int]
    header: dict[str, Any]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


# ------------------------------------------------------------------------------- what is saved


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete table Django manages (many-to-many tables included), by label."""
    found = [m for m in apps.get_models(include_auto_created=True)
             if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in SKIPPED]
    return sorted(found, key=lambda m: m._meta.label_lower)


def _columns(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields]


def dtbd_version() -> str:
    try:
        return version("dtbd")
    except PackageNotFoundError:
        return "unknown"


def code_migrations() -> dict[str, str]:
    """The latest migration of each app in the code (the graph's leaves)."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return dict(sorted(graph.leaf_nodes()))


def _unapplied(alias: str) -> list[str]:
    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _ in plan]


def _require_migrated(alias: str = "default") -> None:
    missing = _unapplied(alias)
    if missing:
        raise BackupError(f"Cơ sở dữ liệu chưa cập nhật cấu trúc ({len(missing)} migration chưa chạy, "
                          f"ví dụ {missing[0]}): hãy chạy `dtbd migrate` trước.")


# ------------------------------------------------------------------------------------- values


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    raise TypeError(f"Không ghi được giá trị kiểu {type(value).__name__} vào tệp sao lưu.")


def _decoder(field: models.Field, alias: str):
    """Turn a value read from the file into what the database driver takes for ``field``."""
    connection = connections[alias]
    if isinstance(field, models.DurationField):
        return lambda v: None if v is None else field.get_db_prep_save(dt.timedelta(seconds=v), connection)
    if isinstance(field, models.JSONField):
        return lambda v: field.get_db_prep_save(v, connection)
    return lambda v: field.get_db_prep_save(field.to_python(v), connection)


# ------------------------------------------------------------------------------------- backup


@contextmanager
def _snapshot() -> Iterator[str]:
    """A database alias whose content does not change while it is read.

    SQLite: a copy made with the online backup API (a running server may keep writing);
    PostgreSQL: the default connection inside a REPEATABLE READ, READ ONLY transaction. Inside a
    caller's transaction that transaction's view is used (SQLite's backup of a connection holding
    a write transaction would wait for itself forever)."""
    default = connections["default"]
    if default.in_atomic_block:  # already inside a transaction (a test, a caller's atomic block)
        yield "default"
        return
    if default.vendor != "sqlite":
        with transaction.atomic():
            with default.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield "default"
        return
    with tempfile.TemporaryDirectory(prefix="dtbd-backup-") as tmp:
        copy = os.path.join(tmp, "snapshot.sqlite3")
        default.ensure_connection()
        target = sqlite3.connect(copy)
        try:
            default.connection.backup(target)
        finally:
            target.close()
        alias = "dtbd_backup_snapshot"
        connections.settings[alias] = {**connections.settings["default"], "NAME": copy}
        try:
            yield alias
        finally:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


def _write_rows(alias: str, out: IO[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for model in backed_up_models():
        fields = _columns(model)
        names = [f.attname for f in fields]
        out.write(json.dumps({"model": model._meta.label_lower, "columns": names}) + "\n")
        rows = model._base_manager.using(alias).order_by("pk").values_list(*names)
        n = 0
        for row in rows.iterator(chunk_size=BATCH):
            out.write(json.dumps(row, ensure_ascii=False, default=_encode, separators=(",", ":")) + "\n")
            n += 1
        counts[model._meta.label_lower] = n
    return counts


def _sha256(path: Path, offset: int = 0) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        f.seek(offset)
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def backup_create(*, actor, path: Path) -> BackupSummary:
    """Write the whole database to ``path`` (replaced only once the file is complete).

    Cost: one query per table, streamed; memory stays flat whatever the size."""
    scope_of(actor).require(Perm.BACKUP)
    _require_migrated()
    path = Path(path)
    payload = path.with_name(path.name + ".part")
    with _snapshot() as alias, gzip.open(payload, "wt", encoding="utf-8", compresslevel=6) as out:
        counts = _write_rows(alias, out)
    audit_write(actor=actor, action=AuditEntry.Action.EXPORT, target_type="database",
                note=f"Sao lưu toàn bộ cơ sở dữ liệu ({sum(counts.values())} dòng) vào {path.name}")
    header = {
        "format": "dtbd-backup", "format_version": FORMAT_VERSION, "dtbd_version": dtbd_version(),
        "engine": connections["default"].vendor, "created": timezone.now().isoformat(),
        "migrations": code_migrations(), "tables": counts, "sha256": _sha256(payload),
    }
    final = path.with_name(path.name + ".tmp")
    with open(final, "wb") as f, open(payload, "rb") as src:
        f.write(MAGIC + json.dumps(header, ensure_ascii=False).encode() + b"\n")
        shutil.copyfileobj(src, f, 1 << 20)
    payload.unlink()
    os.replace(final, path)
    return BackupSummary(path=path, tables=counts, header=header)


# ------------------------------------------------------------------------------------ restore


def backup_header(path: Path) -> tuple[dict[str, Any], int]:
    """The header of a backup file and where its data starts; BackupError if it is none."""
    try:
        with open(path, "rb") as f:
            line = f.readline(1 << 20)
    except OSError as exc:
        raise BackupError(f"Không mở được tệp {path}: {exc.strerror}.") from None
    if not line.startswith(MAGIC) or not line.endswith(b"\n"):
        raise BackupError(f"Tệp {path} không phải tệp sao lưu dtbd.")
    try:
        header = json.loads(line[len(MAGIC):])
    except ValueError:
        raise BackupError(f"Phần đầu của tệp {path} bị hỏng.") from None
    if header.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"Tệp sao lưu theo định dạng phiên bản {header.get('format_version')}, "
                          f"phiên bản dtbd này chỉ đọc được phiên bản {FORMAT_VERSION}.")
    return header, len(line)


def _check_migrations(header: dict[str, Any]) -> None:
    theirs, ours = header.get("migrations", {}), code_migrations()
    differ = sorted(app for app in set(theirs) | set(ours) if theirs.get(app) != ours.get(app))
    if differ:
        details = "; ".join(f"{app}: tệp {theirs.get(app, '—')}, mã nguồn {ours.get(app, '—')}"
                            for app in differ[:5])
        raise BackupError("Tệp sao lưu được tạo với cấu trúc dữ liệu khác phiên bản đang chạy "
                          f"({details}). Hãy khôi phục bằng phiên bản dtbd đã tạo tệp.")


def database_holds_data(alias: str = "default") -> bool:
    """True when the database has units, people or accounts (other than the system account):
    what a migrated, never used database does not have."""
    from django.contrib.auth import get_user_model

    from apps.accounts.services import SYSTEM_USERNAME
    from apps.organization.models import Unit
    from apps.people.models import Person

    users = get_user_model()._base_manager.using(alias).exclude(username=SYSTEM_USERNAME)
    return (Unit._base_manager.using(alias).exists() or Person._base_manager.using(alias).exists()
            or users.exists())


def _read_blocks(path: Path, offset: int) -> Iterator[tuple[str, list[str], Iterator[list[Any]]]]:
    """(model label, column names, rows) for each table of the file's data stream."""
    with open(path, "rb") as raw:
        raw.seek(offset)
        with gzip.open(raw, "rt", encoding="utf-8") as stream:
            pending = stream.readline()
            while pending:
                head = json.loads(pending)
                pending = ""

                def rows() -> Iterator[list[Any]]:
                    nonlocal pending
                    for line in stream:
                        if line.startswith("{"):
                            pending = line
                            return
                        yield json.loads(line)

                yield head["model"], head["columns"], rows()


def _load(path: Path, offset: int, header: dict[str, Any]) -> dict[str, int]:
    connection = connections["default"]
    known = {m._meta.label_lower: m for m in backed_up_models()}
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for label, names, rows in _read_blocks(path, offset):
            model = known.get(label)
            if model is None:
                raise BackupError(f"Tệp sao lưu có bảng {label} mà phiên bản này không có.")
            by_name = {f.attname: f for f in _columns(model)}
            decoders = [_decoder(by_name[n], "default") for n in names]
            columns = ", ".join(connection.ops.quote_name(str(by_name[n].column)) for n in names)
            sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
                   f"VALUES ({', '.join(['%s'] * len(names))})")
            n, batch = 0, []
            for row in rows:
                batch.append([d(v) for d, v in zip(decoders, row, strict=True)])
                if len(batch) == BATCH:
                    cursor.executemany(sql, batch)
                    n, batch = n + len(batch), []
            if batch:
                cursor.executemany(sql, batch)
                n += len(batch)
            counts[label] = n
    if counts != {k: v for k, v in header["tables"].items()}:
        raise BackupError("Số dòng đọc được khác số dòng ghi trong phần đầu tệp: tệp bị hỏng.")
    return counts


def _empty_tables() -> None:
    connection = connections["default"]
    tables = [m._meta.db_table for m in backed_up_models()]
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with pending foreign-key checks of the same transaction (a
        # caller's atomic block): run those checks now, defer them again for the load.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for sql in connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=True):
        with connection.cursor() as cursor:
            cursor.execute(sql)


def _reset_sequences() -> None:
    connection = connections["default"]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), backed_up_models()):
            cursor.execute(sql)


def _same_account(actor):
    """The restored database's account of ``actor`` (ids differ between databases), if any."""
    from django.contrib.auth import get_user_model

    username = getattr(actor, "username", None)
    return get_user_model().objects.filter(username=username).first() if username else None


def backup_restore(*, actor, path: Path, force: bool = False) -> BackupSummary:
    """Replace the database's content with the backup at ``path``, all or nothing.

    Refused (BackupError, nothing changed) when the file is not a backup, its checksum does not
    match, it was made with other migrations, or the database holds data and ``force`` is not set.
    """
    scope_of(actor).require(Perm.BACKUP)
    path = Path(path)
    header, offset = backup_header(path)
    if _sha256(path, offset) != header.get("sha256"):
        raise BackupError(f"Tệp {path} bị hỏng: mã kiểm tra (SHA-256) không khớp, không khôi phục.")
    _check_migrations(header)
    _require_migrated()
    if not force and database_holds_data():
        raise BackupError("Cơ sở dữ liệu đang có dữ liệu (đơn vị, nhân sự hoặc tài khoản): "
                          "thêm --force để xoá hết rồi khôi phục.")
    with transaction.atomic():
        _empty_tables()
        counts = _load(path, offset, header)
        _reset_sequences()
        audit_write(actor=_same_account(actor) or SYSTEM, action=AuditEntry.Action.IMPORT, target_type="database",
                    note=f"Khôi phục toàn bộ cơ sở dữ liệu từ {path.name} (tạo lúc {header.get('created')})")
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    return BackupSummary(path=path, tables=counts, header=header)
