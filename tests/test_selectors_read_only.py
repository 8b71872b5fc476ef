"""Selectors only read: no selector module saves, creates, updates or deletes rows, nor reaches a service that
would. (Logging a read, such as a sealed proposal's, is a service the view calls: ``sealed_reads_log``.)"""

from __future__ import annotations

import ast

from tests.source_tree import project_source

WRITE_METHODS = {
    "save",
    "delete",
    "create",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "select_for_update",
}


def _selector_modules():
    return [s for s in project_source() if s.path.endswith("/selectors.py") or "/selectors/" in s.path]


def test_there_are_selector_modules_to_check():
    assert len(_selector_modules()) >= 6


def test_no_selector_writes_rows():
    writes = []
    for source in _selector_modules():
        for node, scope in source.walk():
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITE_METHODS:
                writes.append(f"{source.path}:{node.lineno} {scope.qualname}: .{node.func.attr}()")
    assert writes == []


def test_no_selector_imports_a_service():
    imports = []
    for source in _selector_modules():
        for node, _scope in source.walk():
            if isinstance(node, ast.ImportFrom):
                names = [node.module or "", *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            imports += [f"{source.path}:{node.lineno} {n}" for n in names if ".services" in n or ".tasks" in n]
    assert imports == []
