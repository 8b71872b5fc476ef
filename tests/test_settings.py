"""Start-up configuration: bad values fail with the variable's name; production settings pass check --deploy."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import base as base_settings
from tests.source_tree import project_source

ROOT = Path(__file__).resolve().parents[1]
STRONG_KEY = "x7#Lq9!vP2@mZ4$wR8^tY6&uI1*oE3(aS5)dF0_gH-jK+lBnCcVvXxZzQqWwEeRrTtYy"


def run_manage(*args, **env):
    # A clean start: none of the site's variables, and none of Django's (the browser tests' conftest sets
    # DJANGO_ALLOW_ASYNC_UNSAFE in this process, which check --deploy rightly refuses).
    declared = _env_example()
    base = {k: v for k, v in os.environ.items() if k not in declared and not k.startswith("DJANGO_")}
    base["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_values(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="exchange.example.gov.cn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DJANGO_DEBUG": "false"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG"),
        ({"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": STRONG_KEY}, "DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_DEBUG": "true", "DATABASE_URL": "mysql://x@y/z"}, "DATABASE_URL"),
        ({"DJANGO_DEBUG": "true", "DJANGO_EMAIL_PORT": "twenty-five"}, "DJANGO_EMAIL_PORT"),
        ({"DJANGO_DEBUG": "true", "DATABASE_URL": "postgres://localhost"}, "DATABASE_URL"),
        ({"DJANGO_DEBUG": "true", "SITE_URL": "exchange.example.gov.cn"}, "SITE_URL"),
        ({"DJANGO_DEBUG": "true", "REDIS_URL": "127.0.0.1:6379"}, "REDIS_URL"),
        ({"DJANGO_DEBUG": "true", "MATCHING_TOP_K": "0"}, "MATCHING_TOP_K"),
        ({"DJANGO_DEBUG": "true", "OCDS_OCID_PREFIX": "sce-12"}, "OCDS_OCID_PREFIX"),
        ({"DJANGO_DEBUG": "true", "MATCHING_MIN_SCORE": "high"}, "MATCHING_MIN_SCORE"),
        ({"DJANGO_DEBUG": "true", "MATCHING_MIN_SCORE": "1.5"}, "MATCHING_MIN_SCORE"),
        ({"DJANGO_DEBUG": "true", "CELERY_TASK_SOFT_TIME_LIMIT": "0"}, "CELERY_TASK_SOFT_TIME_LIMIT"),
        ({"DJANGO_DEBUG": "true", "PROPOSALS_STANDSTILL_DAYS": "-1"}, "PROPOSALS_STANDSTILL_DAYS"),
        ({"DJANGO_DEBUG": "true", "DJANGO_TOKEN_THROTTLE_RATE": "ten"}, "DJANGO_TOKEN_THROTTLE_RATE"),
        ({"DJANGO_DEBUG": "true", "DJANGO_LOG_LEVEL": "LOUD"}, "DJANGO_LOG_LEVEL"),
        ({"DJANGO_DEBUG": "true", "DJANGO_EMAIL_BACKEND": "smtp"}, "DJANGO_EMAIL_BACKEND"),
    ],
)
def test_bad_settings_fail_at_startup_naming_the_variable(env, variable):
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr


def test_debug_uses_a_development_key_and_console_email():
    result = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.EMAIL_BACKEND)", DJANGO_DEBUG="true"
    )
    assert result.returncode == 0, result.stderr
    assert "console" in result.stdout


def test_settings_defaults():
    from django.conf import settings

    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]
    assert settings.USE_TZ is True


# ---------------------------------------------------------------- every setting declared, every variable documented


def _settings_reads() -> dict[str, list[str]]:
    """``settings.NAME`` read anywhere in the project's own code → where."""
    reads: dict[str, list[str]] = {}
    for source in project_source():
        for node, _scope in source.walk():
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "settings"
                and node.attr.isupper()
            ):
                reads.setdefault(node.attr, []).append(f"{source.path}:{node.lineno}")
    return reads


def _environment_reads() -> dict[str, list[str]]:
    """Environment variables the project's own code reads (``config.env`` helpers, ``os.environ``) → where."""
    reads: dict[str, list[str]] = {}
    for source in project_source():
        for node, _scope in source.walk():
            name = None
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                receiver = ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""
                if (called.startswith("env_") and source.path.startswith("config/settings/")) or (
                    (receiver, called) in {("os.environ", "get"), ("os", "getenv")}
                ):
                    name = node.args[0].value
            elif (
                isinstance(node, ast.Subscript)
                and ast.unparse(node.value) == "os.environ"
                and isinstance(node.slice, ast.Constant)
            ):
                name = node.slice.value
            if isinstance(name, str):
                reads.setdefault(name, []).append(f"{source.path}:{node.lineno}")
    return reads


def _env_example() -> set[str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_every_setting_the_code_reads_is_declared_in_config_settings():
    declared = {name for name in vars(base_settings) if name.isupper()}
    undeclared = {name: where for name, where in _settings_reads().items() if name not in declared}
    assert undeclared == {}


def test_no_code_reads_a_setting_with_a_fallback():
    # getattr(settings, "X", default) hides a missing declaration and spreads defaults around the code.
    found = [
        f"{source.path}:{node.lineno}"
        for source in project_source()
        for node, _scope in source.walk()
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"getattr", "hasattr"}
        and node.args
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id == "settings"
    ]
    assert found == []


def test_every_environment_variable_read_is_in_env_example_and_nothing_else_is():
    reads = _environment_reads()
    example = _env_example()
    assert {name: where for name, where in reads.items() if name not in example} == {}
    assert example - set(reads) == set()


def test_project_settings_come_from_variables_of_the_same_name():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SITE_URL, s.MATCHING_TOP_K, s.MATCHING_MIN_SCORE, s.CELERY_BROKER_URL, s.PROPOSALS_STANDSTILL_DAYS)",
        DJANGO_DEBUG="true",
        SITE_URL="https://exchange.example.gov.cn/",
        MATCHING_TOP_K="5",
        MATCHING_MIN_SCORE="0.35",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/9",
        PROPOSALS_STANDSTILL_DAYS="7",
    )
    assert result.returncode == 0, result.stderr
    values = result.stdout.strip().splitlines()[-1].split()
    assert values == ["https://exchange.example.gov.cn", "5", "0.35", "redis://127.0.0.1:6379/9", "7"]
