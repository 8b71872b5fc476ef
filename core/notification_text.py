"""The words of notifications, kept as codes with parameters and put into words when someone reads them.

An app declares each message once, at import of its ``notifications`` module (imported by its AppConfig.ready)::

    SESSION_CANCELLED = message(
        "talent.session_cancelled",
        title=_("Cancelled: %(course)s on %(when)s"),
    )

and notifies with ``notify(users=…, kind=…, message=SESSION_CANCELLED, params={"course": …, "when": start})``.
The row stores the code and the parameters (JSON); its title and body are rendered in the reader's language
every time they are shown: on the page, in the API, and in e-mails (in the recipient's language).

Parameters are names, counts, ids and dates, never a sentence in one language: an aware datetime is stored as
``{"datetime": ISO}`` and shown in Asia/Shanghai time; a date as ``{"date": ISO}``; a word of the site's own
vocabulary (``term(gettext_noop("online"))``) as ``{"term": msgid}`` and translated when shown. Text a person
typed (a reason, a question's answer) goes into the parameters as it is, or as the notification's free body.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

Params = dict[str, Any]


@dataclass(frozen=True)
class Message:
    """A notification's wording: ``title`` and optional ``body`` are translatable %-format strings (lazy), filled
    with the stored parameters; ``prepare`` may add derived parameters at render time (in the reader's language).
    """

    code: str
    title: str | Promise
    body: str | Promise = ""
    prepare: Callable[[Params], Params] | None = field(default=None, compare=False)


_MESSAGES: dict[str, Message] = {}


def message(
    code: str, *, title: str | Promise, body: str | Promise = "", prepare: Callable[[Params], Params] | None = None
) -> Message:
    """Declare (and register) a message; declaring the same code twice with other words is a programming error."""
    declared = Message(code=code, title=title, body=body, prepare=prepare)
    existing = _MESSAGES.get(code)
    if existing is not None and (str(existing.title), str(existing.body)) != (str(title), str(body)):
        raise ValueError(f"notification message {code!r} declared twice with different words")
    _MESSAGES[code] = declared
    return declared


def get(code: str) -> Message | None:
    return _MESSAGES.get(code)


def codes() -> list[str]:
    return sorted(_MESSAGES)


def term(msgid: str) -> dict[str, str]:
    """A word of the site's vocabulary (marked with gettext_noop where it is written), translated when shown."""
    return {"term": str(msgid)}


def encode(params: Mapping[str, Any] | None) -> Params:
    """Parameters as JSON: datetimes and dates tagged, everything else a string, number, boolean or null."""
    encoded: Params = {}
    for key, value in (params or {}).items():
        if isinstance(value, dt.datetime):
            if timezone.is_naive(value):
                raise ValueError(f"notification parameter {key!r} is a naive datetime")
            encoded[key] = {"datetime": value.isoformat()}
        elif isinstance(value, dt.date):
            encoded[key] = {"date": value.isoformat()}
        elif isinstance(value, dict) and set(value) == {"term"}:
            encoded[key] = {"term": str(value["term"])}
        elif value is None or isinstance(value, bool | int | float | str):
            encoded[key] = value
        elif isinstance(value, Promise):
            raise ValueError(f"notification parameter {key!r} is a translated text: pass term(gettext_noop(…))")
        else:
            encoded[key] = str(value)
    return encoded


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "datetime" in value:
            moment = dt.datetime.fromisoformat(value["datetime"])
            return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")
        if "date" in value:
            return dt.date.fromisoformat(value["date"]).isoformat()
        if "term" in value:
            return gettext(value["term"])
    return value


def render(code: str, params: Mapping[str, Any] | None) -> tuple[str, str] | None:
    """``(title, body)`` in the active language, or None when the code is unknown or its parameters do not fit
    (the caller then shows the text stored with the row)."""
    declared = _MESSAGES.get(code)
    if declared is None:
        return None
    try:
        values = {key: _decode(value) for key, value in (params or {}).items()}
        if declared.prepare is not None:
            values = declared.prepare(values)
        title = str(declared.title) % values
        body = str(declared.body) % values if declared.body else ""
    except (KeyError, TypeError, ValueError):
        logger.warning("notification message %s does not fit its parameters %r", code, params)
        return None
    return title, body
