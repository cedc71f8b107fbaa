"""The packages' layering, read from their source: imports point down (flows -> pipelines, warehouse ->
schemas), and a project module is imported inside a function only to save start-up time, saying so."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("schemas", "pipelines", "warehouse", "flows")
# What each package may import of the project's own packages (itself included).
ALLOWED = {
    "schemas": {"schemas"},
    "pipelines": {"schemas", "pipelines"},
    "warehouse": {"schemas", "warehouse"},
    "flows": set(PACKAGES),
}
MAX_DEFERRED = 10  # imports of project modules inside functions
REASON_WORDS = ("start-up", "startup")


@dataclass(frozen=True)
class ProjectImport:
    module: str  # the importing module's file, relative to the repository
    line: int
    target: str  # the imported project module
    in_function: bool
    reason: str  # the comment on the import's line or the line before it


def _targets(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    return [node.module or ""] if node.level == 0 else []


def _comment(lines: list[str], line: int) -> str:
    """The comment on the import's line or the line just above it (1-based line numbers)."""
    here = lines[line - 1].partition("#")[2]
    above = lines[line - 2].strip() if line >= 2 else ""
    return " ".join(part for part in (here, above.lstrip("#") if above.startswith("#") else "") if part)


def _imports(path: Path) -> list[ProjectImport]:
    return _imports_in(path.read_text(encoding="utf-8"), str(path.relative_to(REPO)))


def _imports_in(source: str, module: str) -> list[ProjectImport]:
    lines = source.splitlines()
    tree = ast.parse(source, filename=module)
    found: list[ProjectImport] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                for target in _targets(child):
                    if target.split(".")[0] in PACKAGES:
                        found.append(ProjectImport(module, child.lineno, target, in_function,
                                                   _comment(lines, child.lineno)))
            visit(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda))

    visit(tree, False)
    return found


def _all_imports() -> list[ProjectImport]:
    return [imp for package in PACKAGES for path in sorted((REPO / package).rglob("*.py")) for imp in _imports(path)]


IMPORTS = _all_imports()


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_point_down(package):
    upward = [f"{imp.module}:{imp.line} imports {imp.target}" for imp in IMPORTS
              if imp.module.startswith(f"{package}/") and imp.target.split(".")[0] not in ALLOWED[package]]
    assert upward == [], f"{package} may import only {sorted(ALLOWED[package])}"


def test_imports_inside_functions_are_few_and_say_why():
    deferred = [imp for imp in IMPORTS if imp.in_function]
    unexplained = [f"{imp.module}:{imp.line} {imp.target}" for imp in deferred
                   if not any(word in imp.reason.lower() for word in REASON_WORDS)]
    assert unexplained == [], "an import inside a function needs a comment giving its start-up-time reason"
    assert len(deferred) <= MAX_DEFERRED, [f"{imp.module}:{imp.line} {imp.target}" for imp in deferred]


def test_the_reader_finds_what_it_checks():
    """The checks above pass vacuously if the reader misses imports: it must see every form, and where."""
    source = ("import json\nfrom flows import cycle\nimport warehouse.db as db\n\n"
              "def f():\n    # start-up: Beam\n    from pipelines.beam_pipeline import run\n\n"
              "    def g():\n        from schemas.settings import Settings  # start-up too\n\n"
              "class C:\n    def m(self):\n        import flows.cli\n")
    found = [(i.line, i.target, i.in_function, "start-up" in i.reason) for i in _imports_in(source, "x.py")]
    assert found == [(2, "flows", False, False), (3, "warehouse.db", False, False),
                     (7, "pipelines.beam_pipeline", True, True), (10, "schemas.settings", True, True),
                     (14, "flows.cli", True, False)]
    assert any(imp.module == "warehouse/alerts.py" and imp.target == "schemas.settings" for imp in IMPORTS)
