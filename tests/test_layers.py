"""The layers hold: every import-linter contract in pyproject.toml is kept.

The same check as `lint-imports` in CI, so the README's test command catches an app that
imports upwards, an engine that imports Django or an app, or a circle between modules.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lint_imports() -> str:
    beside_python = Path(sys.executable).with_name("lint-imports")
    return str(beside_python) if beside_python.exists() else shutil.which("lint-imports") or ""


def test_every_import_contract_is_kept():
    command = lint_imports()
    assert command, "lint-imports is missing: install the test extra (pip install -e '.[test]')"
    result = subprocess.run(
        [command, "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
