"""Read settings from the environment, failing loudly with the variable's name.

Every value the site takes from outside goes through these helpers so that a typo in a deployment
(``DJANGO_DEBUG=flase``, a malformed ``DATABASE_URL``) stops the process at start-up with a message that
names the variable, instead of silently falling back to a default.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import dj_database_url
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import URLValidator

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = _raw(name)
    if value is None:
        if required:
            raise ImproperlyConfigured(f"Set the {name} environment variable.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no/on/off, got {value!r}.")


N = TypeVar("N", int, float)


def _number(name: str, default: N, convert: Callable[[str], N], kind: str, minimum: N | None, maximum: N | None) -> N:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = convert(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {kind}, got {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}.")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, got {number}.")
    return number


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    return _number(name, default, int, "a whole number", minimum, maximum)


def env_float(name: str, default: float, *, minimum: float | None = None, maximum: float | None = None) -> float:
    return _number(name, default, float, "a number", minimum, maximum)


def _checked(name: str, default: str, valid: Callable[[str], object], expected: str) -> str:
    value = _raw(name)
    if value is None:
        return default
    if not valid(value):
        raise ImproperlyConfigured(f"{name} must be {expected}, got {value!r}.")
    return value


def env_choice(name: str, default: str, choices: Sequence[str]) -> str:
    return _checked(name, default, lambda value: value in choices, f"one of {', '.join(choices)}")


def env_pattern(name: str, default: str, pattern: str, expected: str) -> str:
    """A value that matches the regular expression ``pattern`` in full, or ``default``."""
    return _checked(name, default, lambda value: re.fullmatch(pattern, value) is not None, expected)


def env_url(name: str, default: str = "", *, schemes: Sequence[str] = ("http", "https")) -> str:
    """An absolute address in one of ``schemes``, without a trailing slash, or ``default``."""

    def valid(value: str) -> bool:
        try:
            URLValidator(schemes=list(schemes))(value)
        except ValidationError:
            return False
        return True

    expected = " or ".join(f"{scheme}://" for scheme in schemes)
    return _checked(name, default, valid, f"an address starting with {expected}").rstrip("/")


def env_dotted_path(name: str, default: str = "") -> str:
    """A Python dotted path (``package.module.name``) to import later, or ``default``. Only its form is checked
    here: settings load before the apps, so importing it is left to the code that uses it."""
    dotted = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+")
    return _checked(name, default, dotted.fullmatch, "a dotted Python path such as package.module.name")


def env_rate(name: str, default: str) -> str:
    """A DRF throttle rate such as ``10/min``."""
    rate = re.compile(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)")
    return _checked(name, default, rate.fullmatch, "a rate such as 10/min (per s, min, hour or day)")


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_database(name: str, default: str) -> dj_database_url.DBConfig:
    url = _raw(name) or default
    scheme = url.split(":", 1)[0]
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(f"{name} must be a sqlite:// or postgres:// URL, got scheme {scheme!r}.")
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several types for malformed URLs
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    if config["ENGINE"].endswith("postgresql"):
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"{name} must name a database, e.g. postgres://user@host:5432/dbname.")
    elif config["ENGINE"].endswith("sqlite3"):
        name_value = str(config.get("NAME") or "")
        if name_value and name_value != ":memory:":
            Path(name_value).parent.mkdir(parents=True, exist_ok=True)
    return config
