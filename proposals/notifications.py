"""The notifications of proposals, evaluations, awards and engagements, sent through core's notification
centre (in-app, and e-mail immediately or as a daily digest, as each user chooses per kind).

Messages never carry a price, a competitor's name or anything else sealed: the owner learns only that a
proposal arrived and the new count; bidders learn the outcome for their own proposal.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.notifications import Message, bilingual_params, in_reader_language, message, notify, register_kind

__all__ = ["KINDS", "register_kinds", "send"]


KINDS = {
    "proposal_received": _("A proposal was received (count only)"),
    "question_answered": _("A question on a scenario was answered"),
    "deadline_approaching": _("A deadline approaches and your proposal is still a draft"),
    "evaluation_assigned": _("You were named an evaluator"),
    "award_decision": _("Award decision on a scenario you bid for"),
    "scenario_cancelled": _("A call you bid for was cancelled"),
    "objection": _("Objections to an award and their answers"),
    "milestone_due": _("An engagement milestone is due"),
    "acceptance_signoff": _("You are asked to sign off an acceptance (验收)"),
    "acceptance_quorum": _("An acceptance committee reached its quorum"),
}


def register_kinds() -> None:
    for code, label in KINDS.items():
        register_kind(code, label)


# The messages: codes with parameters, worded in each reader's language when shown (core.notification_text).
PROPOSAL_RECEIVED = message(
    "proposals.proposal_received",
    title=_("A proposal was received for “%(title)s”"),
    body=_("The scenario now has %(count)d submitted proposal(s). Proposals stay sealed until the deadline."),
)
QUESTION_ANSWERED = message("proposals.question_answered", title=_("A question on “%(title)s” was answered"))
DEADLINE_APPROACHING = message(
    "proposals.deadline_approaching",
    title=_("Deadline approaching: “%(title)s”"),
    body=_("Your proposal is still a draft. Submit it before %(deadline)s."),
)
EVALUATOR_NAMED = message(
    "proposals.evaluator_named",
    title=_("You are an evaluator of “%(title)s”"),
    body=_("Declare that you have no conflict of interest (or recuse), then score every proposal."),
)
AWARD_WON = message(
    "proposals.award_won",
    title=_("Your proposal for “%(title)s” was selected"),
    body=_("Congratulations. Objections may be raised until %(until)s; the award becomes final after that."),
)
AWARD_LOST = message(
    "proposals.award_lost",
    title=_("Award decision on “%(title)s”"),
    body=_("Your proposal was not selected. You may object until %(until)s."),
)
SCENARIO_CANCELLED = message("proposals.scenario_cancelled", title=_("The call “%(title)s” was cancelled"))
OBJECTION_RAISED = message(
    "proposals.objection_raised",
    title=_("An objection to the award of “%(title)s”"),
    body=_("Answer it before the award can become final."),
)
OBJECTION_ANSWERED = message("proposals.objection_answered", title=_("Your objection on “%(title)s” was answered"))
PANEL_SEATED = message(
    "proposals.panel_seated",
    title=_("You were drawn for the evaluation panel of “%(title)s”"),
    body=_("Declare that you have no conflict of interest (or decline with a reason), then score every proposal."),
)
MILESTONE_DUE = message(
    "proposals.milestone_due",
    title=_("Milestone due: %(title)s"),
    body=_("Due on %(date)s for “%(scenario)s”."),
)


def firm_params(organization) -> dict:
    return bilingual_params("firm", organization)


SIGNOFF_ASKED = message(
    "proposals.signoff_asked",
    title=_("Sign off the acceptance of “%(title)s”"),
    body=_(
        "You sit on the acceptance committee of %(firm)s's pilot; %(quorum)d sign-off(s) are needed. Read the "
        "acceptance report, then sign it off on the engagement's page."
    ),
    prepare=in_reader_language("firm"),
)
SIGNOFF_ASKED_AGAIN = message(
    "proposals.signoff_asked_again",
    title=_("A new acceptance report for “%(title)s”: sign again"),
    body=_("The report was filed again, so the sign-offs given before were cleared. Read it and sign it off."),
)
QUORUM_REACHED = message(
    "proposals.quorum_reached",
    title=_("The acceptance committee of “%(title)s” reached its quorum"),
    body=_(
        "%(signed)d of the %(quorum)d sign-offs needed are in for %(firm)s's pilot. The engagement can be accepted "
        "once nothing else is missing."
    ),
    prepare=in_reader_language("firm"),
)


def send(*, users, kind: str, message: Message, params: dict, url: str, body: str = "") -> None:
    """Notify the active users among ``users`` once each; ``body`` is free text a person wrote (an answer, a
    reason) for messages without a body of their own."""
    users = [u for u in dict.fromkeys(users) if u is not None and u.is_active]
    if users:
        notify(users=users, kind=kind, message=message, params=params, body=body, url=url)
