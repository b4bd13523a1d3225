"""ruff and mypy, run by the test suite so that the README's one test command (and CI)
checks them too. Their settings are in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
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
    result = run("mypy", "--no-incremental", "--cache-dir", "/dev/null")
    assert result.returncode == 0, result.stdout + result.stderr
