"""``assert_nd30``: run the Decree 30/2020 checker (``../shared/tools/nd30_check.py``) on a
document dtbd produced, and fail with its messages. The checker is found at ``DTBD_ND30_CHECK``,
beside the checkout (``../shared/tools``), or at /work/shared/tools; a missing checker fails the
test (a silent skip would hide that no document was ever checked)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings


def checker_path() -> Path:
    candidates = [os.environ.get("DTBD_ND30_CHECK", ""),
                  str(Path(settings.BASE_DIR).parent / "shared" / "tools" / "nd30_check.py"),
                  "/work/shared/tools/nd30_check.py"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise AssertionError("Không tìm thấy nd30_check.py (đặt DTBD_ND30_CHECK=đường dẫn).")


def nd30_problems(document: bytes | str | Path, *, party: bool = False) -> list[str]:
    """The checker's complaint lines (empty when the document passes)."""
    if isinstance(document, bytes):
        with tempfile.NamedTemporaryFile(suffix=".docx", delete=False) as handle:
            handle.write(document)
        path = handle.name
    else:
        path = str(document)
    try:
        args = [sys.executable, str(checker_path()), path] + (["--party"] if party else [])
        done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    finally:
        if isinstance(document, bytes):
            os.unlink(path)
    if done.returncode == 0:
        return []
    return [line for line in (done.stdout + done.stderr).splitlines() if line.strip()] or [f"exit {done.returncode}"]


def assert_nd30(document: bytes | str | Path, *, party: bool = False) -> None:
    problems = nd30_problems(document, party=party)
    assert not problems, "nd30_check:\n" + "\n".join(problems)
