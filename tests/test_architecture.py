"""Contracts the import linter cannot see.

import-linter (``[tool.importlinter]`` in pyproject.toml) checks that apps import downwards only, but it reads
module-level imports: an import hidden in a function body or done with ``importlib`` escapes it, and that is how an
import cycle gets "fixed" instead of removed. These tests read the project's own source (not tests, not
migrations) and fail on both, except for the few places listed below with the reason they are legitimate.
"""

from __future__ import annotations

import ast
import fnmatch
import tomllib

from tests.source_tree import ROOT, SourceFile, project_packages, project_source

# (file pattern, function qualname pattern) → why an import of a project module may sit in that function.
FUNCTION_IMPORTS_ALLOWED = {
    ("*/apps.py", "*.ready"): (
        "Django's AppConfig.ready(): the place to import modules that register permissions, hooks, notification "
        "kinds and audit models, because they need the app registry loaded (Django's documented rule)."
    ),
    ("benchmarks/catalog_search.py", "main"): (
        "a standalone script: it sets DJANGO_SETTINGS_MODULE and calls django.setup() before models may be imported."
    ),
    ("benchmarks/explain_lists.py", "main"): (
        "a standalone script: it sets DJANGO_SETTINGS_MODULE and calls django.setup() before models may be imported."
    ),
    ("benchmarks/insights.py", "main"): (
        "a standalone script: it points DATABASE_URL at a fresh database and calls django.setup() before models "
        "may be imported."
    ),
    ("benchmarks/opendata_files.py", "main"): (
        "a standalone script: it sets DATABASE_URL and DJANGO_SETTINGS_MODULE from its flags and calls django.setup() "
        "before models may be imported."
    ),
    ("benchmarks/http.py", "seed"): (
        "a standalone script's data step, run in its own process: it calls django.setup() before models may be "
        "imported."
    ),
    ("benchmarks/render_cost.py", "main"): (
        "a standalone script: it sets DJANGO_SETTINGS_MODULE and DATABASE_URL from its flags and calls django.setup() "
        "before models may be imported."
    ),
    ("benchmarks/publish.py", "*"): (
        "a standalone script: it sets the environment (database, broker, queue) from its flags and calls "
        "django.setup() before models may be imported."
    ),
}

# (file, function qualname) → why a dynamic import is legitimate there. None today: app discovery uses Django's
# autodiscover_modules, and a setting naming a callable uses import_string on the setting's value.
DYNAMIC_IMPORTS_ALLOWED: dict[tuple[str, str], str] = {}

DYNAMIC_IMPORT_FUNCTIONS = {"import_module", "__import__", "reload"}


def _is_project_module(node: ast.Import | ast.ImportFrom, packages: set[str]) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or (node.module or "").split(".")[0] in packages
    return any(alias.name.split(".")[0] in packages for alias in node.names)


def _allowed(allowlist: dict, path: str, qualname: str) -> bool:
    return any(fnmatch.fnmatch(path, file) and fnmatch.fnmatch(qualname, func) for file, func in allowlist)


def _function_level_project_imports() -> list[tuple[SourceFile, ast.AST, str]]:
    packages = set(project_packages())
    found = []
    for source in project_source():
        for node, scope in source.walk():
            if (
                isinstance(node, ast.Import | ast.ImportFrom)
                and scope.in_function
                and _is_project_module(node, packages)
            ):
                found.append((source, node, scope.qualname))
    return found


def _is_dynamic_import(node: ast.AST, packages: set[str]) -> bool:
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[0] == "importlib" for alias in node.names)
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").split(".")[0] == "importlib"
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    # import_string on a literal naming our own code is an import in disguise; on a setting's value it is
    # configuration (MATCHING_TASK_QUEUE) and fine.
    literal = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None
    return name in DYNAMIC_IMPORT_FUNCTIONS or (
        name == "import_string" and isinstance(literal, str) and literal.split(".")[0] in packages
    )


def _dynamic_imports() -> list[tuple[SourceFile, ast.AST, str]]:
    packages = set(project_packages())
    return [
        (source, node, scope.qualname)
        for source in project_source()
        for node, scope in source.walk()
        if _is_dynamic_import(node, packages)
    ]


def _describe(found) -> list[str]:
    return [
        f"{source.path}:{node.lineno} in {qualname or '<module>'}: {ast.unparse(node)}"
        for source, node, qualname in found
    ]


def test_no_function_level_imports_of_project_modules():
    """Move the import to the top of the module. If that makes a cycle, the dependency points the wrong way:
    pass the object in, or let the lower layer call a hook the upper one registers (catalog/hooks.py,
    matching/hooks.py)."""
    offending = [
        item
        for item in _function_level_project_imports()
        if not _allowed(FUNCTION_IMPORTS_ALLOWED, item[0].path, item[2])
    ]
    assert _describe(offending) == []


def test_no_dynamic_imports():
    offending = [item for item in _dynamic_imports() if not _allowed(DYNAMIC_IMPORTS_ALLOWED, item[0].path, item[2])]
    assert _describe(offending) == []


def test_every_allowlist_entry_is_still_needed():
    used = {
        key
        for source, _node, qualname in _function_level_project_imports() + _dynamic_imports()
        for key in (*FUNCTION_IMPORTS_ALLOWED, *DYNAMIC_IMPORTS_ALLOWED)
        if fnmatch.fnmatch(source.path, key[0]) and fnmatch.fnmatch(qualname, key[1])
    }
    stale = [
        key
        for key in (*FUNCTION_IMPORTS_ALLOWED, *DYNAMIC_IMPORTS_ALLOWED)
        if key not in used and ("*" in key[0] or (ROOT / key[0]).exists())
    ]
    assert stale == []


def test_the_scan_sees_what_it_must_flag():
    source = SourceFile(
        "catalog/example.py",
        ast.parse(
            "import importlib\n"
            "from django.db.models import Q\n"
            "def f():\n"
            "    from matching import services\n"
            "    from django.urls import reverse\n"
            "    return importlib.import_module('proposals.services'), __import__('x')\n"
            "class V:\n"
            "    def get(self):\n"
            "        from . import selectors\n"
        ),
    )
    packages = {"catalog", "matching", "proposals"}
    in_functions = [
        (scope.qualname, ast.unparse(node))
        for node, scope in source.walk()
        if isinstance(node, ast.Import | ast.ImportFrom) and scope.in_function and _is_project_module(node, packages)
    ]
    assert in_functions == [("f", "from matching import services"), ("V.get", "from . import selectors")]
    dynamic = [ast.unparse(node) for node, _scope in source.walk() if _is_dynamic_import(node, packages)]
    assert dynamic == ["import importlib", "importlib.import_module('proposals.services')", "__import__('x')"]


def test_every_package_is_under_the_import_contracts_and_the_first_party_list():
    """A new app (fairs, a worker package) must be placed in the layers before it can be imported by anything."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    linter = config["tool"]["importlinter"]
    layered = {
        name.strip()
        for contract in linter["contracts"]
        if contract["type"] == "layers"
        for layer in contract["layers"]
        for name in layer.split("|")
    }
    apps = set(project_packages()) - {"benchmarks"}  # benchmarks import apps; nothing imports them
    assert apps - set(linter["root_packages"]) == set()
    assert apps - layered == set()
    assert set(project_packages()) - set(config["tool"]["ruff"]["lint"]["isort"]["known-first-party"]) == set()


def test_open_data_sits_above_every_app_it_publishes():
    """opendata reads catalog, proposals, matching, talent and insights, and nothing but config may import it
    (it shares its layer with workspace, and layers separated by | may not import each other)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = next(c["layers"] for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    position = {name.strip(): i for i, layer in enumerate(layers) for name in layer.split("|")}
    assert position["config"] < position["opendata"] == position["workspace"]
    assert all(
        position["opendata"] < position[app] for app in ("insights", "proposals", "matching", "catalog", "talent")
    )
