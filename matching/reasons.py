"""Match reasons in the reader's language.

The engine gives each reason as data (``{"code": ..., **parameters}``, see ``matching.engine.types.Reason``) and the
site stores it that way (``Suggestion.reasons``, feedback, replication recommendations). This module is the one place
that turns a reason into words, at display time, in the active language: a county office reading in English sees
English reasons for a Chinese scenario, and the other way round. Capability names travel in the reason itself (both
languages), so rendering needs no query; the words each side typed are quoted as typed.

Rows stored before reasons became data hold plain strings; those are shown as they are until the next refresh.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from core.text import prefers_chinese
from vocabulary import domain_name


def _join(items: Iterable[str]) -> str:
    return pgettext("list separator in a match reason", ", ").join(items)


def _quote(word: str) -> str:
    return pgettext("a word quoted in a match reason", "“%(word)s”") % {"word": word}


def _words(left: str | None, right: str | None) -> str:
    """The words of both sides, once when they are the same."""
    if left and right and left.lower() != right.lower():
        return pgettext("the words of both sides in a match reason", "%(left)s ↔ %(right)s") % {
            "left": _quote(left),
            "right": _quote(right),
        }
    word = left or right
    return _quote(word) if word else ""


def _concept(item: Mapping[str, Any]) -> str:
    zh = prefers_chinese()
    label = (item.get("zh") if zh else item.get("en")) or item.get("en") or item.get("zh") or item.get("concept", "")
    left, right = item.get("left"), item.get("right")
    if not left and not right:
        return str(label)
    if (left or "").lower() == (right or left or "").lower() == str(label).lower():
        return str(label)
    return pgettext("a capability and the words that matched it", "%(label)s (%(words)s)") % {
        "label": label,
        "words": _words(left, right),
    }


def reason_text(reason: Mapping[str, Any] | str) -> str:
    """One reason in the active language."""
    if isinstance(reason, str):
        return reason
    code = reason.get("code")
    if code == "concepts":
        return _("shares: %(capabilities)s") % {"capabilities": _join(_concept(i) for i in reason.get("items", []))}
    if code == "wording":
        words = [_words(*pair) for pair in reason.get("words", []) if len(pair) == 2]
        if words:
            return _("similar wording: %(words)s (no capability in common)") % {"words": _join(words)}
        return _("similar wording only (no capability in common)")
    if code == "domains":
        language = "zh" if prefers_chinese() else "en"
        return _("same domain: %(domains)s") % {
            "domains": _join(domain_name(d, language) for d in reason.get("domains", []))
        }
    if code == "deployed_here":
        return _("already deployed in this county")
    if code == "deployed_similar":
        count = int(reason.get("count", 0))
        return ngettext("deployed in %(count)d similar county", "deployed in %(count)d similar counties", count) % {
            "count": count
        }
    if code == "budget_within":
        return _("price within budget")
    if code == "budget_partly_above":
        return _("price range partly above the budget")
    if code == "budget_above":
        return _("starting price about %(ratio)s× the budget") % {"ratio": f"{float(reason.get('ratio', 0)):.1f}"}
    return str(code or "")


def reason_texts(reasons: Iterable[Mapping[str, Any] | str] | None) -> list[str]:
    """Every reason of a suggestion in the active language, empty ones left out."""
    return [text for text in (reason_text(r) for r in reasons or ()) if text]


def rests_on_wording(reasons: Iterable[Mapping[str, Any] | str] | None) -> bool:
    """True when the match shares no capability and rests on wording alone."""
    return any(isinstance(r, Mapping) and r.get("code") == "wording" for r in reasons or ())
