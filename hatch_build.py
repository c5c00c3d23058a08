"""Hatch build hook: regenerate the sync twin so no sdist or wheel ships a stale one."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class UnasyncBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Runs ``tools/unasync_build.py`` before building."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        # The generator prints its own one-line reason (a layout rule broken, ruff
        # missing: install the test extra); stop the build on it without a traceback.
        done = subprocess.run([sys.executable, "tools/unasync_build.py"], cwd=self.root)
        if done.returncode:
            raise SystemExit(f"tools/unasync_build.py failed (exit {done.returncode}); see its message above")
