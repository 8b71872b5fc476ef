"""The catalog's notification messages (codes with parameters, worded in the reader's language): a firm's
request for a resource a county opened reaches the people of the owner office who decide it, and the decision
reaches the firm; where the province reviews before publication, each review step reaches whoever acts next (the
city office on a submission, the provincial office on the city's approval, the county on a return with the
reviewer's comment, and on publication in a batch); a firm's question on a scenario reaches the owner office's
people who may answer it, without naming the firm."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.notifications import bilingual_params, in_reader_language, message, notify, register_kind
from directory.models import Organization, User
from directory.selectors import active_member_ids

KINDS = {
    "resource_request": _("A firm asked for a resource your county opened"),
    "resource_decision": _("Your firm's request for a county's resource was decided"),
    "scenario_review": _("A scenario's review before publication moved on"),
    "scenario_question": _("A firm asked a question on your office's scenario"),
}


RESOURCE_REQUESTED = message(
    "catalog.resource_requested",
    title=_("%(firm)s asks for access to “%(resource)s”"),
    body=_("Scenario “%(scenario)s”. Purpose: %(purpose)s"),
    prepare=in_reader_language("firm"),
)
RESOURCE_APPROVED = message(
    "catalog.resource_approved", title=_("Access to “%(resource)s” (scenario “%(scenario)s”) was approved")
)
RESOURCE_REFUSED = message(
    "catalog.resource_refused", title=_("Access to “%(resource)s” (scenario “%(scenario)s”) was refused")
)


REVIEW_SUBMITTED = message(
    "catalog.review_submitted",
    title=_("“%(title)s” awaits your review"),
    body=_("%(owner)s submitted it for the city's review before the province publishes it."),
    prepare=in_reader_language("owner"),
)
REVIEW_APPROVED = message(
    "catalog.review_approved",
    title=_("“%(title)s” was approved by the city and awaits publication"),
    body=_("Grade it if it deserves a grade, then publish it in the next batch, or return it with a comment."),
)
REVIEW_RETURNED = message("catalog.review_returned", title=_("“%(title)s” was returned for changes"))
BATCH_PUBLISHED = message(
    "catalog.batch_published", title=_("“%(title)s” is published in the opportunity list, batch %(number)d")
)


# The asking firm is not named: the answer is public, and the question is weighed on its words alone.
QUESTION_ASKED = message("catalog.question_asked", title=_("A firm asked a question on “%(title)s”"))


def register_kinds() -> None:
    for code, label in KINDS.items():
        register_kind(code, label)


def _members(organization_ids: Iterable[int]) -> list[User]:
    return list(User.objects.filter(pk__in=active_member_ids(organization_ids=organization_ids), is_active=True))


def _url(request) -> str:
    return reverse("catalog:scenario-detail", args=[request.resource.scenario_id]) + "#resources-title"


def announce_resource_request(request) -> None:
    """Tell the members of the owner office who may decide a request (admins and editors) that it arrived."""
    scenario = request.resource.scenario
    deciders = [u for u in _members([scenario.owner_id]) if u.has_perm("catalog.decide_resource_request", scenario)]
    if deciders:
        notify(
            users=deciders,
            kind="resource_request",
            message=RESOURCE_REQUESTED,
            params={
                **bilingual_params("firm", request.firm),
                "resource": request.resource.name,
                "scenario": scenario.title,
                "purpose": request.purpose[:500],
            },
            url=_url(request),
        )


def announce_resource_decision(request) -> None:
    """Tell the firm's members the decision; a refusal carries the office's reason as the body."""
    users = _members([request.firm_id])
    if users:
        approved = request.status == request.Status.APPROVED
        notify(
            users=users,
            kind="resource_decision",
            message=RESOURCE_APPROVED if approved else RESOURCE_REFUSED,
            params={"resource": request.resource.name, "scenario": request.resource.scenario.title},
            body=request.decision_note[:500],
            url=_url(request),
        )


def _scenario_url(scenario) -> str:
    return reverse("catalog:scenario-detail", args=[scenario.pk])


def _who_may(perm: str, scenario, organizations) -> list[User]:
    users = _members([o.pk for o in organizations])
    return [u for u in users if u.has_perm(perm, scenario)]


def announce_review_step(scenario, *, to: str, comment: str = "") -> None:
    """Tell whoever acts next on a scenario in review: the city office's admins and editors on a submission, the
    provincial office on the city's approval, the owner office's admins and editors on a return (with the
    comment)."""
    params = {"title": scenario.title, "scenario": scenario.pk}
    if to == "submitted":
        city = scenario.county.city_code
        offices = Organization.objects.filter(
            kind=Organization.Kind.CITY_OFFICE, region_id=city, verification_status=Organization.Verification.VERIFIED
        )
        users = _who_may("catalog.city_review_scenario", scenario, offices)
        params |= bilingual_params("owner", scenario.owner)
        chosen, url = REVIEW_SUBMITTED, reverse("catalog:review-queue")
    elif to == "reviewed":
        offices = Organization.objects.filter(kind=Organization.Kind.PROVINCIAL_OFFICE)
        users = _who_may("catalog.province_review_scenario", scenario, offices)
        chosen, url = REVIEW_APPROVED, reverse("catalog:review-queue")
    else:
        users = _who_may("catalog.transition_scenario", scenario, [scenario.owner])
        chosen, url = REVIEW_RETURNED, _scenario_url(scenario)
    if users:
        notify(
            users=users,
            kind="scenario_review",
            message=chosen,
            params=params,
            body=comment[:500] if chosen is REVIEW_RETURNED else "",
            url=url,
        )


def announce_batch(batch, scenarios) -> None:
    """Tell each owner office's admins and editors that its scenario is published in the batch."""
    for scenario in scenarios:
        users = _who_may("catalog.transition_scenario", scenario, [scenario.owner])
        if users:
            notify(
                users=users,
                kind="scenario_review",
                message=BATCH_PUBLISHED,
                params={"title": scenario.title, "number": batch.number, "scenario": scenario.pk},
                url=_scenario_url(scenario),
            )


def announce_question(question) -> None:
    """Tell the owner office's people who may answer (admins and editors) that a question arrived, with its words
    as the message and without naming the asking firm, so they can answer before the deadline."""
    scenario = question.scenario
    users = _who_may("catalog.answer_question", scenario, [scenario.owner])
    if users:
        notify(
            users=users,
            kind="scenario_question",
            message=QUESTION_ASKED,
            params={"title": scenario.title, "scenario": scenario.pk},
            body=question.text[:500],
            url=_scenario_url(scenario) + "#qa-title",
        )
