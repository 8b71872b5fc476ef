"""The project's own source, parsed: what the contract tests (architecture, settings) read.

"Project source" is every ``.py`` file of the top-level packages (a folder with ``__init__.py``: the apps,
``config``, ``benchmarks``, and any package added later) and ``manage.py`` — never tests, migrations or the
virtual environment.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_PROJECT = {"tests", "static", "templates", "locale", "docs"}


def project_packages() -> list[str]:
    """Top-level packages of the checkout, in name order."""
    return sorted(
        path.name
        for path in ROOT.iterdir()
        if path.is_dir() and (path / "__init__.py").exists() and not path.name.startswith(".")
        if path.name not in NOT_PROJECT
    )


@dataclass(frozen=True)
class Scope:
    """Where a node sits: the classes and functions around it, outermost first."""

    names: tuple[str, ...] = ()
    in_function: bool = False

    @property
    def qualname(self) -> str:
        return ".".join(self.names)


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to the checkout, with forward slashes
    tree: ast.Module

    def walk(self) -> Iterator[tuple[ast.AST, Scope]]:
        """Every node of the file with its scope."""

        def visit(node: ast.AST, scope: Scope) -> Iterator[tuple[ast.AST, Scope]]:
            for child in ast.iter_child_nodes(node):
                yield child, scope
                if isinstance(child, ast.ClassDef):
                    yield from visit(child, Scope((*scope.names, child.name), scope.in_function))
                elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                    name = child.name if not isinstance(child, ast.Lambda) else "<lambda>"
                    yield from visit(child, Scope((*scope.names, name), True))
                else:
                    yield from visit(child, scope)

        yield from visit(self.tree, Scope())


@functools.cache
def project_source() -> tuple[SourceFile, ...]:
    paths = [ROOT / "manage.py"]
    for package in project_packages():
        paths.extend(p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.relative_to(ROOT).parts)
    return tuple(
        SourceFile(path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"), str(path)))
        for path in sorted(paths)
    )
