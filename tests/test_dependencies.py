"""Every package the code imports is declared in pyproject.toml, and nothing is declared
that the code does not import (a dependency that only comes along with another one can
disappear with it)."""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from tests.test_architecture import graph

PYPROJECT = Path(__file__).parent.parent / "pyproject.toml"


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\s<>=!~\[;]", requirement, maxsplit=1)[0].lower() for requirement in requirements}


def test_every_imported_package_is_declared_and_every_declared_one_imported():
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    top_level = {name.split(".")[0] for names in graph().values() for name in names}
    third_party = top_level - set(sys.stdlib_module_names) - {"smp_tui", "__future__"}
    distributions = packages_distributions()
    missing = sorted(name for name in third_party if name not in distributions)
    assert not missing, f"imported but not installed: {missing}"
    imported = {distributions[name][0].lower() for name in third_party}
    declared = _names(project["dependencies"])
    assert imported - declared == set(), "imported by smp_tui but not declared"
    assert declared - imported == set(), "declared but imported by nothing in smp_tui"
