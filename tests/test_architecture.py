"""The arrows of DESIGN.md: the headless core never imports Textual."""

import subprocess
import sys

HEADLESS = ["smp_tui.store", "smp_tui.models", "smp_tui.banks", "smp_tui.logic",
            "smp_tui.logic.scoring", "smp_tui.logic.cynefin", "smp_tui.logic.change",
            "smp_tui.report", "smp_tui.saving", "smp_tui.cli", "smp_tui.logic.workbook", "smp_tui.workbook_report"]


def test_headless_modules_do_not_import_textual():
    code = (
        "import sys\n"
        f"for name in {HEADLESS!r}: __import__(name)\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_only_the_store_touches_tinydb():
    from pathlib import Path

    import re

    root = Path(__file__).parent.parent / "smp_tui"
    imports = re.compile(r"^\s*(from|import)\s+tinydb\b", re.MULTILINE)
    users = sorted(str(p.relative_to(root)) for p in root.rglob("*.py") if imports.search(p.read_text()))
    assert users == ["store.py"]


def test_the_app_paints_before_loading_pydantic_and_tinydb():
    code = ("import sys\nimport smp_tui.cli, smp_tui.app, smp_tui.screens.home\n"
            "print(sorted(m for m in ('pydantic', 'tinydb', 'filelock') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
