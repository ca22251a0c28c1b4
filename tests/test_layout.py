"""The package's layout holds: modules of bounded size, artifacts opened only by the knowledge layer, and
rule ids written only in the catalogue and in the calls that emit them. (`lint-imports`, run by `make test`,
holds the import contract.)"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "aistd"
MAX_LINES = 500
ARTIFACT_NAMES = ("aistd.schema.json", "aistd.units.json", "aistd.rules.json", "aistd.indicators.json",
                  "aistd.mappings.json", "aistd.profiles.json", "aistd.shacl.ttl", "aistd.context.jsonld")  # fmt: skip
RULE_IDS = {rule["id"] for rule in json.loads((PACKAGE / "schemas" / "aistd.rules.json").read_text())["rules"]}


def modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts)


def runtime_modules() -> list[Path]:
    """The modules a wheel carries (build-time code excepted)."""
    return [path for path in modules() if path.relative_to(PACKAGE).parts[0] != "build"]


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_exceeds_the_size_limit(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{lines} lines: split it by job"


def _with_parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _emitting_call(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """True when the string is an argument (possibly through a conditional) of a call, or a parameter default."""
    parent = parents.get(node)
    while isinstance(parent, ast.IfExp | ast.BoolOp):
        node, parent = parent, parents.get(parent)
    if isinstance(parent, ast.keyword):
        parent = parents.get(parent)
    return isinstance(parent, ast.Call | ast.arguments)


def _rule_id_strings(path: Path) -> Iterator[tuple[int, str, bool]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = _with_parents(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in RULE_IDS:
            yield node.lineno, node.value, _emitting_call(node, parents)


def test_rule_ids_are_written_only_where_findings_are_emitted() -> None:
    """Severity, title and references come from the catalogue; a rule id is written only in the call that emits
    a finding of it (or registers its check), never kept aside, compared or restated."""
    stray = [
        f"{path.relative_to(PACKAGE)}:{line}: {rule}"
        for path in runtime_modules()
        for line, rule, emitted in _rule_id_strings(path)
        if not emitted
    ]
    assert stray == []


def test_only_the_knowledge_layer_opens_the_compiled_artifacts() -> None:
    opened = []
    for path in runtime_modules():
        if path.relative_to(PACKAGE).parts[0] == "knowledge":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module == "aistd.knowledge"
                and any(alias.name == "artifacts" for alias in node.names)
            ) or (isinstance(node, ast.ImportFrom) and node.module == "aistd.knowledge.artifacts"):
                opened.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: imports aistd.knowledge.artifacts")
    assert opened == []


def _code_strings(tree: ast.AST) -> Iterator[ast.Constant]:
    """The string constants of a module that are not docstrings."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node


def test_no_module_names_an_artifact_file_itself() -> None:
    readers = []
    for path in runtime_modules():
        if path.relative_to(PACKAGE).parts[0] == "knowledge":
            continue
        for node in _code_strings(ast.parse(path.read_text(encoding="utf-8"))):
            readers += [f"{path.relative_to(PACKAGE)}:{node.lineno}: {n}" for n in ARTIFACT_NAMES if n in node.value]
    assert readers == []
