"""Start-up configuration: bad values fail with the variable's name; production settings pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STRONG_KEY = "x7#Lq9!vP2@mZ4$wR8^tY6&uI1*oE3(aS5)dF0_gH-jK+lBnCcVvXxZzQqWwEeRrTtYy"


def run_manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
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
