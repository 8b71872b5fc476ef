"""The notifications of proposals, evaluations, awards and engagements, sent through core's notification
centre (in-app, and e-mail immediately or as a daily digest, as each user chooses per kind).

Messages never carry a price, a competitor's name or anything else sealed: the owner learns only that a
proposal arrived and the new count; bidders learn the outcome for their own proposal.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.notifications import notify, register_kind, site_language

__all__ = ["KINDS", "register_kinds", "send", "site_language"]


KINDS = {
    "proposal_received": _("A proposal was received (count only)"),
    "question_answered": _("A question on a scenario was answered"),
    "deadline_approaching": _("A deadline approaches and your proposal is still a draft"),
    "evaluation_assigned": _("You were named an evaluator"),
    "award_decision": _("Award decision on a scenario you bid for"),
    "scenario_cancelled": _("A call you bid for was cancelled"),
    "objection": _("Objections to an award and their answers"),
    "milestone_due": _("An engagement milestone is due"),
}


def register_kinds() -> None:
    for code, label in KINDS.items():
        register_kind(code, label)


def send(*, users, kind: str, title, body, url: str) -> None:
    users = [u for u in dict.fromkeys(users) if u is not None and u.is_active]
    if users:
        notify(users=users, kind=kind, title=str(title), body=str(body), url=url)
