"""The README's first command: the quickstart runs on the embedded emulator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quickstart_runs_and_touches_every_area() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "quickstart.py")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for marker in (
        "[sync]  increment -> 75",
        "[sync]  experience -> 'Open Cloud Demo', root place 1818",
        "[sync]  upload_place_file -> version 2",
        "[sync]  ban_user -> active=True, 3600 s",
        "[async] publish_message -> sent",
        "[async] flush_memory_store -> True",
    ):
        assert marker in out, out
    assert "s3cr3t-value" not in out  # the secret's plain text is never shown
