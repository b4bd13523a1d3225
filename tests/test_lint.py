"""ruff and mypy, run by the test suite so that the README's one test command (and CI)
checks them too. Their settings are in pyproject.toml."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing():
    result = run("ruff", "check", "--no-cache", "smp_tui", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.long
def test_mypy_finds_nothing():
    # mypy's cache, outside the source tree (nothing written there) and one per checkout:
    # a fresh clone checks everything, a second run only what changed.
    cache = Path(tempfile.gettempdir()) / f"smp-mypy-cache-{hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]}"
    result = run("mypy", "--cache-dir", str(cache))
    assert result.returncode == 0, result.stdout + result.stderr
