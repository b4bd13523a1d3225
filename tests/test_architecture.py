"""The arrows of DESIGN.md, as import contracts checked on the source (every import,
including those inside functions; imports only for type checkers do not count)."""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).parent.parent / "smp_tui"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(tree: ast.AST) -> set[str]:
    found: set[str] = set()

    class Visitor(ast.NodeVisitor):
        def visit_If(self, node: ast.If) -> None:
            test = node.test
            if isinstance(test, ast.Name) and test.id == "TYPE_CHECKING":
                for child in node.orelse:
                    self.visit(child)
                return
            self.generic_visit(node)

        def visit_Import(self, node: ast.Import) -> None:
            found.update(alias.name for alias in node.names)

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            if node.module:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)

    Visitor().visit(tree)
    return found


# Read when a test first asks (not on import: every test process imports this file, and
# parsing the source took 0.7 s of each one's start).
@cache
def files() -> dict[str, Path]:
    return {module_name(p): p for p in ROOT.rglob("*.py")}


@cache
def graph() -> dict[str, set[str]]:
    """Each module of smp_tui, and every name it imports."""
    return {name: _imports(ast.parse(path.read_text())) for name, path in files().items()}


def headless() -> list[str]:
    return sorted(m for m in graph() if m == "smp_tui" or m.split(".")[1] in
                  {"store", "models", "banks", "logic", "report", "saving", "workspace", "participant", "cli",
                   "safe_text", "settings", "terminal", "workbook_report", "interchange"})


def imports_of(module: str) -> set[str]:
    return {name for name in graph()[module] if name.startswith("smp_tui")}


def test_every_module_is_covered():
    expected = {"smp_tui.workspace", "smp_tui.logic.summary", "smp_tui.logic.privacy", "smp_tui.participant"}
    assert expected <= set(graph())


def test_headless_modules_never_import_textual():
    for module in headless():
        assert not {name for name in graph()[module] if name.split(".")[0] in ("textual", "rich")} - {"rich"}, module
    code = ("import sys\n" f"for name in {headless()!r}: __import__(name)\n"
            "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_logic_depends_only_on_models_banks_and_itself():
    for module in graph():
        if module.startswith("smp_tui.logic"):
            for name in imports_of(module):
                assert name.startswith(("smp_tui.logic", "smp_tui.models", "smp_tui.banks")), (module, name)


def test_the_store_depends_only_on_models():
    for name in imports_of("smp_tui.store"):
        assert name.startswith("smp_tui.models"), name


def test_screens_and_widgets_never_open_the_database():
    for module in graph():
        if module.startswith(("smp_tui.screens", "smp_tui.widgets")):
            for name in imports_of(module):
                assert not name.startswith(("smp_tui.store.Store", "smp_tui.saving")), (module, name)
            source = files()[module].read_text()
            assert ".store." not in source and "Store(" not in source, module


def test_widgets_never_import_screens_and_screens_never_borrow_anothers_widgets():
    screens = {m for m in graph() if m.startswith("smp_tui.screens.")}
    for module in graph():
        if module.startswith("smp_tui.widgets"):
            assert not {n for n in imports_of(module) if n.startswith("smp_tui.screens")}, module
    for module in screens:
        for name in imports_of(module):
            if name.startswith("smp_tui.screens.") and name.count(".") >= 3:
                imported = name.rsplit(".", 1)[-1]
                registry = name.startswith("smp_tui.screens.exercises")
                assert imported[0].isupper() or registry, (module, name)  # screens or the registry, not helpers
            assert name != "smp_tui.report" or module.endswith(("summary", "workbook")), (module, name)
            assert not name.startswith("smp_tui.interchange"), (module, name)  # import/export JSON is the CLI's


def test_the_participants_app_reaches_only_the_participant_service():
    for module in ("smp_tui.participant_app", "smp_tui.screens.participant", "smp_tui.participant",
                   "smp_tui.screens.participant_good_work", "smp_tui.widgets.good_work",
                   "smp_tui.screens.participant_workbook"):
        for name in imports_of(module):
            assert not name.startswith(("smp_tui.workspace.Workspace", "smp_tui.report", "smp_tui.screens.home",
                                        "smp_tui.screens.session", "smp_tui.screens.summary", "smp_tui.saving",
                                        "smp_tui.interchange")), \
                (module, name)


def test_report_renders_and_interchange_reads_and_writes_json():
    assert "json" not in graph()["smp_tui.report"] and "pydantic" not in graph()["smp_tui.report"]
    assert "smp_tui.report" not in imports_of("smp_tui.interchange")


def test_only_the_store_touches_tinydb_and_the_files():
    users = sorted(m for m, names in graph().items() if any(n.split(".")[0] in ("tinydb", "filelock") for n in names))
    assert users == ["smp_tui.store"]


def test_the_app_paints_before_loading_pydantic_and_tinydb():
    code = ("import sys\nimport smp_tui.cli, smp_tui.app, smp_tui.screens.home\n"
            "print(sorted(m for m in ('pydantic', 'tinydb', 'filelock') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_every_text_box_handles_its_keys_in_the_order_typed():
    """A bare Input or TextArea lets a burst of keys act out of order (Textual issue 6605):
    every text box is one of widgets/fields.py's."""
    bare = []
    for module, path in files().items():
        if module == "smp_tui.widgets.fields":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("Input", "TextArea"):
                bare.append(f"{module}:{node.lineno} {node.func.id}(")
            if isinstance(node, ast.ClassDef) and module != "smp_tui.widgets.fields":
                bases = {base.id for base in node.bases if isinstance(base, ast.Name)}
                if bases & {"Input", "TextArea"}:
                    bare.append(f"{module}:{node.lineno} class {node.name}({', '.join(sorted(bases))})")
    assert bare == []
