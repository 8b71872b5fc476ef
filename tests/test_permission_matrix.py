"""The permission matrix: every registered ``rules`` permission × every role × the owner of the object.

The table below is DESIGN.md's "who sees what", written out per permission. Roles are relative to the object's
owner: ``viewer``/``editor``/``admin`` of the owning organisation, ``other`` (admin of another verified
organisation of the same kind), ``unverified`` (admin of a pending organisation of the same kind), ``province``
(a member of the provincial office), ``superuser``, ``anonymous``, and per row the other side of the business
(``counterpart``: the firm for a county's objects, the county office for a firm's) plus named extras.

The matrix is generated from the registry: a permission registered without a row here fails
``test_every_registered_permission_has_a_row``, and every row asks ``user.has_perm`` for every role.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from directory.models import Membership, Organization
from insights.models import MaturityAssessment
from matching.models import Subscription
from proposals.models import Award, Engagement, Evaluation
from talent.models import Enrolment, Exchange
from tests.factories import (
    CourseFactory,
    EnrolmentFactory,
    MembershipFactory,
    OrganizationFactory,
    ScenarioFactory,
    SessionFactory,
    SolutionFactory,
    UserFactory,
    region,
)
from tests.factories import proposal_factories as pf

APPS = ("directory", "catalog", "matching", "talent", "proposals", "fairs", "funding", "insights")
ROLES = ("anonymous", "viewer", "editor", "admin", "other", "unverified", "counterpart", "province", "superuser")
EVERYONE = frozenset(ROLES)
MEMBERS = frozenset({"viewer", "editor", "admin"})
EDITORS = frozenset({"editor", "admin"})
OVERSEERS = frozenset({"province", "superuser"})


class World:
    """Three organisations of each kind that owns things (verified, another verified, pending), the provincial
    office, a superuser, and a few people with a part to play (trainer, learner)."""

    def __init__(self):
        self.orgs: dict[str, Organization] = {}
        self.people: dict[str, object] = {"anonymous": AnonymousUser()}
        kinds = {
            "county": {},
            "firm": {"firm": True},
            "provider": {"trainer": True},
        }
        for kind, traits in kinds.items():
            self.orgs[kind] = OrganizationFactory(**traits)
            self.orgs[f"other_{kind}"] = OrganizationFactory(**traits, region=region("321322"))
            self.orgs[f"pending_{kind}"] = OrganizationFactory(**traits, pending=True)
            for role in ("viewer", "editor", "admin"):
                self._member(f"{kind}_{role}", self.orgs[kind], role)
            self._member(f"other_{kind}_admin", self.orgs[f"other_{kind}"], "admin")
            self._member(f"pending_{kind}_admin", self.orgs[f"pending_{kind}"], "admin")
        # City offices (市数据局) review their counties' scenarios where the province asks for review: Suzhou is
        # over the county office's Kunshan, Suqian is not.
        self.orgs["city"] = OrganizationFactory(kind=Organization.Kind.CITY_OFFICE, region=region("320500"))
        self._member("city_editor", self.orgs["city"], "editor")
        self._member("city_viewer", self.orgs["city"], "viewer")
        self.orgs["other_city"] = OrganizationFactory(kind=Organization.Kind.CITY_OFFICE, region=region("321300"))
        self._member("other_city_admin", self.orgs["other_city"], "admin")
        self.orgs["province"] = OrganizationFactory(provincial=True)
        self._member("province", self.orgs["province"], "viewer")
        self.people["superuser"] = UserFactory(username="root", is_superuser=True, is_staff=True)
        self.people["trainer"] = UserFactory(username="trainer")
        self._member("learner", self.orgs["county"], "viewer", username="learner")

    def _member(self, key: str, organization: Organization, role: str, username: str | None = None):
        user = UserFactory(username=username or key)
        MembershipFactory(user=user, organization=organization, role=role, status=Membership.Status.ACTIVE)
        self.people[key] = user

    def cast(self, owner: str, counterpart: str | None, extras: tuple[str, ...]) -> dict[str, object]:
        """Role name → user, for an object owned by the ``owner`` organisation."""
        cast = {
            "anonymous": self.people["anonymous"],
            "viewer": self.people[f"{owner}_viewer"],
            "editor": self.people[f"{owner}_editor"],
            "admin": self.people[f"{owner}_admin"],
            "other": self.people[f"other_{owner}_admin"],
            "unverified": self.people[f"pending_{owner}_admin"],
            "counterpart": self.people[counterpart] if counterpart else None,
            "province": self.people["province"],
            "superuser": self.people["superuser"],
        }
        cast.update({name: self.people[name] for name in extras})
        return {role: user for role, user in cast.items() if user is not None}

    # ------------------------------------------------------------ objects
    def scenario(self, state: str = "draft", *, deadline_passed: bool = False, replicable: bool = False):
        if state == "draft":
            return ScenarioFactory(owner=self.orgs["county"], replicable=replicable)
        deadline = timezone.now() + dt.timedelta(days=-1 if deadline_passed else 7)
        scenario = pf.scenario(owner=self.orgs["county"], deadline=deadline)
        scenario.replicable = replicable
        scenario.save(update_fields=["replicable"])
        return scenario

    def scenario_in_review(self, status: str = "submitted"):
        return ScenarioFactory(owner=self.orgs["county"], status=status)

    def solution(self, status: str = "published"):
        return SolutionFactory(owner=self.orgs["firm"], status=status)

    def proposal(self, *, deadline_passed: bool):
        scenario = self.scenario("open", deadline_passed=deadline_passed)
        return pf.proposal(scenario=scenario, firm=self.orgs["firm"])

    def evaluation(self):
        scenario = self.scenario("open", deadline_passed=True)
        return Evaluation.objects.create(scenario=scenario, evaluator=self.people["county_editor"])

    def engagement(self):
        proposal = self.proposal(deadline_passed=True)
        award = Award.objects.create(
            scenario=proposal.scenario, reason="最优", standstill_until=timezone.now() + dt.timedelta(days=3)
        )
        return Engagement.objects.create(
            award=award,
            proposal=proposal,
            scenario=proposal.scenario,
            firm=proposal.firm,
            solution=proposal.solutions.get(),
        )

    def contract(self, *, final: bool):
        """A winning proposal's contract value; the award in its standstill period or final."""
        from proposals.models import Contract

        engagement = self.engagement()
        award = engagement.award
        if final:
            award.status = Award.Status.FINAL
            award.finalised_at = timezone.now()
            award.save(update_fields=["status", "finalised_at"])
        return Contract.objects.create(award=award, proposal=engagement.proposal, value=1_000_000)

    def grant(self):
        """A voucher the city office (Suzhou) granted to the county office (Kunshan)."""
        from funding.models import Grant

        return Grant.objects.create(
            grantor=self.orgs["city"],
            grantee=self.orgs["county"],
            kind=Grant.Kind.VOUCHER,
            amount=100_000,
            conditions="开放新场景",
            granted_on=dt.date(2026, 11, 1),
        )

    def engagement_with_committee(self):
        """An engagement whose acceptance committee is the owner office's viewer and admin."""
        from proposals.models import AcceptanceSignoff

        engagement = self.engagement()
        for key in ("county_viewer", "county_admin"):
            AcceptanceSignoff.objects.create(engagement=engagement, member=self.people[key])
        return engagement

    def replicable_case(self):
        from proposals.models import ReplicableCase

        engagement = self.engagement()
        engagement.status = Engagement.Status.ACCEPTED
        engagement.save(update_fields=["status"])
        return ReplicableCase.objects.create(
            engagement=engagement, title="案例", problem="问题", solution_summary="方案"
        )

    def province_editor(self):
        """An editor of the provincial office (the matrix's ``province`` is a viewer): keeps the expert pool."""
        if "province_editor" not in self.people:
            self._member("province_editor", self.orgs["province"], "editor")

    def panel_seat(self, scenario):
        """``expert`` (working for the training provider) seated on ``scenario``'s drawn panel."""
        from proposals.models import Expert, PanelDraw, PanelSeat

        self.people["expert"] = UserFactory(username="expert")
        expert = Expert.objects.create(user=self.people["expert"], organization=self.orgs["provider"])
        draw = PanelDraw.objects.create(scenario=scenario, seed="s", size=1, reserves=0)
        return PanelSeat.objects.create(draw=draw, expert=expert, position=1, role="member", status="seated")

    def proposal_with_panel(self, *, deadline_passed: bool):
        proposal = self.proposal(deadline_passed=deadline_passed)
        self.panel_seat(proposal.scenario)
        return proposal

    def scenario_with_panel(self):
        self.province_editor()
        scenario = self.scenario("open", deadline_passed=True)
        self.panel_seat(scenario)
        return scenario

    def assessment(self, status: str = "draft"):
        county = self.orgs["county"]
        return MaturityAssessment.objects.create(county=county.region, organization=county, year=2026, status=status)

    def subscription(self):
        return Subscription.objects.create(organization=self.orgs["firm"], user=self.people["firm_admin"])

    def course(self):
        return CourseFactory(provider=self.orgs["provider"])

    def session(self):
        session = SessionFactory(course=self.course())
        session.trainers.add(self.people["trainer"])
        return session

    def enrolment(self, status: str = Enrolment.Status.REGISTERED):
        return EnrolmentFactory(
            session=self.session(), person=self.people["learner"], organization=self.orgs["county"], status=status
        )

    def exchange(self, *, saved: bool = True):
        county, other = self.orgs["county"], self.orgs["other_county"]
        if not saved:
            return Exchange(home_organization=county, host_organization=other)
        return Exchange.objects.create(
            person=self.people["county_viewer"],
            home_organization=county,
            home_region=county.region,
            host_organization=other,
            host_region=other.region,
            start_date=dt.date(2026, 9, 1),
            end_date=dt.date(2026, 11, 30),
            role="数据工程师",
        )

    # ------------------------------------------------------------ fairs
    def fair_event(self, *, organiser: str = "county", published: bool = True):
        from fairs.models import Event

        start = timezone.now() + dt.timedelta(days=20)
        organization = self.orgs[organiser]
        return Event.objects.create(
            organiser=organization,
            title_zh="供需对接会",
            region=organization.region,
            date=start.date(),
            registration_opens=start - dt.timedelta(days=30),
            registration_closes=start - dt.timedelta(days=5),
            requests_close=start - dt.timedelta(days=2),
            status=Event.Status.OPEN if published else Event.Status.DRAFT,
            published_at=timezone.now() if published else None,
        )

    def fair_participant(self, kind: str = "firm"):
        """The ``kind`` organisation registered (accepted) for a fair organised by the other county office."""
        from fairs.models import Participant

        event = getattr(self, "_fair", None) or self.fair_event(organiser="other_county")
        self._fair = event
        side = Participant.Side.DEMAND if kind == "county" else Participant.Side.SUPPLY
        return Participant.objects.create(
            event=event, organization=self.orgs[kind], side=side, status=Participant.Status.ACCEPTED
        )

    def fair_request(self, *, accepted: bool = False):
        """The firm asks the county office for a meeting at the other county office's fair."""
        from fairs.models import MeetingRequest

        firm, county = self.fair_participant("firm"), self.fair_participant("county")
        status = MeetingRequest.Status.ACCEPTED if accepted else MeetingRequest.Status.PENDING
        return MeetingRequest.objects.create(
            event=firm.event, requester=firm, recipient=county, purpose="试点洽谈", status=status
        )

    def fair_meeting(self):
        from fairs.models import Meeting, Slot

        request = self.fair_request(accepted=True)
        start = timezone.now() - dt.timedelta(hours=1)
        slot = Slot.objects.create(event=request.event, index=0, start=start, end=start + dt.timedelta(minutes=30))
        return Meeting.objects.create(event=request.event, request=request, slot=slot)


@dataclass(frozen=True)
class Row:
    perm: str
    situation: str
    owner: str  # "county", "firm" or "provider": whose viewer/editor/admin/other/unverified the roles are
    build: Callable[[World], object]
    allowed: frozenset[str]
    counterpart: str | None = None
    extras: tuple[str, ...] = field(default=())


def row(perm, situation, owner, build, allowed, counterpart=None, extras=()):
    return Row(perm, situation, owner, build, frozenset(allowed), counterpart, tuple(extras))


ORG = {"county": lambda w: w.orgs["county"], "firm": lambda w: w.orgs["firm"]}
NOTHING = lambda w: None
CITY = ("city_editor", "city_viewer", "other_city_admin")

FAIR_ORGANISER = ("other_county_admin",)  # the fairs of fair_participant/request/meeting are the other county's
FAIR_PARTIES = ("county_viewer", "other_county_admin")  # the county office's viewer; the organiser's admin

MATRIX = [
    # fairs: an event of the county office (the counterpart is a firm that may take part)
    row("fairs.create_event_for", "own office", "county", ORG["county"], EDITORS | {"superuser"}, "firm_admin"),
    row(
        "fairs.read_event",
        "draft",
        "county",
        lambda w: w.fair_event(published=False),
        MEMBERS | OVERSEERS,
        "firm_admin",
    ),
    row("fairs.read_event", "published", "county", lambda w: w.fair_event(), EVERYONE, "firm_admin"),
    row("fairs.manage_event", "published", "county", lambda w: w.fair_event(), EDITORS | {"superuser"}, "firm_admin"),
    row(
        "fairs.read_event_participants",
        "published",
        "county",
        lambda w: w.fair_event(),
        MEMBERS | OVERSEERS,
        "firm_admin",
    ),
    # registering: an admin or editor of any verified county office, firm or training provider
    row(
        "fairs.register_for",
        "published",
        "county",
        lambda w: w.fair_event(),
        EDITORS | {"other", "counterpart"},
        "firm_admin",
    ),
    row("fairs.register_for", "draft", "county", lambda w: w.fair_event(published=False), set(), "firm_admin"),
    # a firm's participation in the other county office's fair (the counterpart: the county office taking part)
    row(
        "fairs.read_participation",
        "accepted",
        "firm",
        lambda w: w.fair_participant(),
        MEMBERS | {"other_county_admin"} | OVERSEERS,
        "county_admin",
        FAIR_ORGANISER,
    ),
    row(
        "fairs.act_for_participant",
        "accepted",
        "firm",
        lambda w: w.fair_participant(),
        EDITORS,
        "county_admin",
        FAIR_ORGANISER,
    ),
    row(
        "fairs.decide_participant",
        "accepted",
        "firm",
        lambda w: w.fair_participant(),
        {"other_county_admin", "superuser"},
        "county_admin",
        FAIR_ORGANISER,
    ),
    # the firm's request to the county office (requester: the firm; recipient: the county office)
    row(
        "fairs.read_request",
        "pending",
        "firm",
        lambda w: w.fair_request(),
        MEMBERS | {"counterpart"} | set(FAIR_PARTIES) | OVERSEERS,
        "county_admin",
        FAIR_PARTIES,
    ),
    row(
        "fairs.answer_request",
        "pending",
        "firm",
        lambda w: w.fair_request(),
        {"counterpart"},
        "county_admin",
        FAIR_PARTIES,
    ),
    row("fairs.withdraw_request", "pending", "firm", lambda w: w.fair_request(), EDITORS, "county_admin", FAIR_PARTIES),
    # the meeting that came of it (slot started)
    row(
        "fairs.read_meeting",
        "scheduled",
        "firm",
        lambda w: w.fair_meeting(),
        MEMBERS | {"counterpart"} | set(FAIR_PARTIES) | OVERSEERS,
        "county_admin",
        FAIR_PARTIES,
    ),
    row(
        "fairs.record_outcome",
        "scheduled",
        "firm",
        lambda w: w.fair_meeting(),
        EDITORS | {"counterpart"},
        "county_admin",
        FAIR_PARTIES,
    ),
    row(
        "fairs.adjust_schedule",
        "scheduled",
        "firm",
        lambda w: w.fair_meeting(),
        {"other_county_admin", "superuser"},
        "county_admin",
        FAIR_PARTIES,
    ),
    # insights: figures kept from the public (county contract values) and the targets
    row("insights.read_restricted_figures", "any", "county", NOTHING, OVERSEERS),
    row("insights.edit_target", "any", "county", NOTHING, OVERSEERS),
    row("insights.read_attention", "any", "county", NOTHING, OVERSEERS),
    row("insights.assess_for", "own office", "county", ORG["county"], EDITORS),
    row("insights.edit_assessment", "draft", "county", lambda w: w.assessment(), EDITORS),
    row("insights.edit_assessment", "submitted", "county", lambda w: w.assessment("submitted"), set()),
    row("insights.read_assessment", "draft", "county", lambda w: w.assessment(), MEMBERS | OVERSEERS),
    row("insights.read_assessment", "submitted", "county", lambda w: w.assessment("submitted"), EVERYONE),
    row("insights.comment_assessment", "draft", "county", lambda w: w.assessment(), set()),
    row("insights.comment_assessment", "submitted", "county", lambda w: w.assessment("submitted"), OVERSEERS),
    # directory: an organisation's page, members and verification
    row("directory.edit_organization", "own organisation", "county", ORG["county"], {"admin", "superuser"}),
    row("directory.verify_organization", "any", "county", NOTHING, OVERSEERS),
    row("directory.read_members", "own organisation", "county", ORG["county"], MEMBERS | OVERSEERS),
    row("directory.manage_members", "own organisation", "county", ORG["county"], {"admin", "superuser"}),
    row("directory.read_verification_note", "own organisation", "county", ORG["county"], MEMBERS | OVERSEERS),
    # catalog: scenarios of a county office (the counterpart is a verified firm)
    row("catalog.read_scenario", "draft", "county", lambda w: w.scenario(), MEMBERS | OVERSEERS, "firm_admin", CITY),
    row(
        "catalog.read_scenario",
        "submitted for review",
        "county",
        lambda w: w.scenario_in_review(),
        MEMBERS | OVERSEERS | {"city_editor", "city_viewer"},
        "firm_admin",
        CITY,
    ),
    row("catalog.read_scenario", "open", "county", lambda w: w.scenario("open"), EVERYONE, "firm_admin"),
    row("catalog.create_scenario_for", "own office", "county", ORG["county"], EDITORS, "firm_admin"),
    row("catalog.edit_scenario", "draft", "county", lambda w: w.scenario(), EDITORS, "firm_admin"),
    row("catalog.transition_scenario", "draft", "county", lambda w: w.scenario(), EDITORS, "firm_admin"),
    row("catalog.remove_scenario", "draft", "county", lambda w: w.scenario(), {"admin"}, "firm_admin"),
    row(
        "catalog.adopt_scenario",
        "open, replicable",
        "county",
        lambda w: w.scenario("open", replicable=True),
        EDITORS | {"other"},
        "firm_admin",
    ),
    row("catalog.ask_question", "open", "county", lambda w: w.scenario("open"), {"counterpart"}, "firm_admin"),
    row("catalog.answer_question", "open", "county", lambda w: w.scenario("open"), EDITORS, "firm_admin"),
    row("catalog.see_asker", "open", "county", lambda w: w.scenario("open"), MEMBERS | OVERSEERS, "firm_admin"),
    row("catalog.read_history", "open", "county", lambda w: w.scenario("open"), MEMBERS | OVERSEERS, "firm_admin"),
    row(
        "catalog.read_history",
        "reviewed",
        "county",
        lambda w: w.scenario_in_review("reviewed"),
        MEMBERS | OVERSEERS | {"city_editor", "city_viewer"},
        "firm_admin",
        CITY,
    ),
    # catalog: review before publication (the city office over the county, then the province)
    row(
        "catalog.city_review_scenario",
        "submitted",
        "county",
        lambda w: w.scenario_in_review(),
        {"city_editor"},
        "firm_admin",
        CITY,
    ),
    row(
        "catalog.province_review_scenario",
        "reviewed",
        "county",
        lambda w: w.scenario_in_review("reviewed"),
        OVERSEERS,
        "firm_admin",
        CITY,
    ),
    row(
        "catalog.grade_scenario",
        "reviewed",
        "county",
        lambda w: w.scenario_in_review("reviewed"),
        OVERSEERS,
        "firm_admin",
        CITY,
    ),
    row("catalog.manage_review", "any", "county", NOTHING, OVERSEERS, "firm_admin", CITY),
    row("catalog.curate_vocabulary", "any", "county", NOTHING, OVERSEERS),
    # catalog: solutions of a firm (the counterpart is a county office)
    row("catalog.import_entries", "any", "county", NOTHING, OVERSEERS),
    row("catalog.request_resource", "own firm", "firm", ORG["firm"], EDITORS, "county_admin"),
    row("catalog.decide_resource_request", "open", "county", lambda w: w.scenario("open"), EDITORS, "firm_admin"),
    row("catalog.read_solution", "draft", "firm", lambda w: w.solution("draft"), MEMBERS | OVERSEERS, "county_admin"),
    row("catalog.read_solution", "published", "firm", lambda w: w.solution(), EVERYONE, "county_admin"),
    row("catalog.create_solution_for", "own firm", "firm", ORG["firm"], EDITORS, "county_admin"),
    row("catalog.edit_solution", "published", "firm", lambda w: w.solution(), EDITORS, "county_admin"),
    row("catalog.remove_solution", "draft", "firm", lambda w: w.solution("draft"), EDITORS, "county_admin"),
    # matching: suggestions stay with the side they are for
    row(
        "matching.read_scenario_suggestions",
        "open",
        "county",
        lambda w: w.scenario("open"),
        MEMBERS | {"superuser"},
        "firm_admin",
    ),
    row("matching.act_on_scenario_suggestions", "open", "county", lambda w: w.scenario("open"), EDITORS, "firm_admin"),
    row(
        "matching.read_solution_suggestions",
        "published",
        "firm",
        lambda w: w.solution(),
        MEMBERS | {"superuser"},
        "county_admin",
    ),
    row("matching.act_on_solution_suggestions", "published", "firm", lambda w: w.solution(), EDITORS, "county_admin"),
    row("matching.read_drafting_help", "draft", "county", lambda w: w.scenario(), MEMBERS | {"superuser"}),
    row("matching.manage_region_pairs", "any", "county", NOTHING, OVERSEERS),
    row("matching.tune_weights", "any", "county", NOTHING, OVERSEERS),
    row("matching.subscribe", "any", "firm", NOTHING, MEMBERS | {"other"}, "county_admin"),
    row("matching.subscribe_for", "own firm", "firm", ORG["firm"], MEMBERS, "county_admin"),
    row("matching.edit_subscription", "the firm admin's own", "firm", lambda w: w.subscription(), {"admin"}),
    # talent: a training provider's courses and sessions (the counterpart is a trainer of the session)
    row("talent.create_course_for", "own provider", "provider", lambda w: w.orgs["provider"], EDITORS | {"superuser"}),
    row("talent.manage_course", "published", "provider", lambda w: w.course(), EDITORS | {"superuser"}),
    row("talent.manage_session", "published", "provider", lambda w: w.session(), EDITORS | {"superuser"}, "trainer"),
    row(
        "talent.read_roster",
        "published",
        "provider",
        lambda w: w.session(),
        MEMBERS | {"counterpart"} | OVERSEERS,
        "trainer",
    ),
    # the online meeting link: the people enrolled and the provider's members (not the trainer's own right, nor
    # the learner's office or the province)
    row(
        "talent.read_meeting_link",
        "a learner registered",
        "provider",
        lambda w: w.enrolment().session,
        MEMBERS | {"learner"},
        "trainer",
        ("learner", "county_admin"),
    ),
    row(
        "talent.mark_attendance",
        "published",
        "provider",
        lambda w: w.session(),
        EDITORS | {"counterpart", "superuser"},
        "trainer",
    ),
    # enrolments: the learner (a viewer of a county office), their office's admin, the provider, the province
    row(
        "talent.read_enrolment",
        "registered",
        "provider",
        lambda w: w.enrolment(),
        MEMBERS | {"counterpart", "learner", "county_admin"} | OVERSEERS,
        "trainer",
        ("learner", "county_admin", "county_viewer"),
    ),
    row(
        "talent.cancel_enrolment",
        "registered",
        "provider",
        lambda w: w.enrolment(),
        EDITORS | {"counterpart", "learner", "county_admin"},
        "trainer",
        ("learner", "county_admin", "county_viewer"),
    ),
    row(
        "talent.approve_enrolment",
        "pending",
        "provider",
        lambda w: w.enrolment(Enrolment.Status.PENDING),
        {"county_admin", "superuser"},
        "trainer",
        ("learner", "county_admin"),
    ),
    row(
        "talent.revoke_certificate",
        "completed",
        "provider",
        lambda w: w.enrolment(Enrolment.Status.COMPLETED),
        EDITORS | {"counterpart"} | OVERSEERS,
        "trainer",
        ("learner", "county_admin"),
    ),
    row(
        "talent.read_training_record",
        "a county office's member",
        "county",
        lambda w: w.people["learner"],
        {"admin", "learner"} | OVERSEERS,
        extras=("learner",),
    ),
    # exchanges: home is the county office, host is the other county office
    row("talent.read_exchange", "proposed", "county", lambda w: w.exchange(), MEMBERS | {"other"} | OVERSEERS),
    row("talent.propose_exchange", "any", "county", NOTHING, {"admin", "other", "unverified", "superuser"}),
    row(
        "talent.propose_exchange",
        "between the two offices",
        "county",
        lambda w: w.exchange(saved=False),
        {"admin", "other", "superuser"},
    ),
    row("talent.approve_exchange", "proposed", "county", lambda w: w.exchange(), {"admin", "other"}),
    row("talent.run_exchange", "proposed", "county", lambda w: w.exchange(), {"admin", "other", "superuser"}),
    # proposals: sealed until the deadline (the counterpart is the owner county office)
    row(
        "proposals.read_proposal",
        "before the deadline",
        "firm",
        lambda w: w.proposal(deadline_passed=False),
        MEMBERS,
        "county_admin",
        ("county_viewer",),
    ),
    row(
        "proposals.read_proposal",
        "after the deadline",
        "firm",
        lambda w: w.proposal(deadline_passed=True),
        MEMBERS | {"counterpart", "county_viewer"} | OVERSEERS,
        "county_admin",
        ("county_viewer",),
    ),
    row(
        "proposals.read_proposal",
        "before the deadline, a drawn panel member from outside",
        "firm",
        lambda w: w.proposal_with_panel(deadline_passed=False),
        MEMBERS,
        "county_admin",
        ("county_viewer", "expert"),
    ),
    row(
        "proposals.read_proposal",
        "after the deadline, a drawn panel member from outside",
        "firm",
        lambda w: w.proposal_with_panel(deadline_passed=True),
        MEMBERS | {"counterpart", "county_viewer", "expert"} | OVERSEERS,
        "county_admin",
        ("county_viewer", "expert"),
    ),
    row(
        "proposals.count_proposals",
        "before the deadline",
        "county",
        lambda w: w.scenario("open"),
        MEMBERS | OVERSEERS,
        "firm_admin",
    ),
    row("proposals.bid", "any", "firm", NOTHING, EDITORS | {"other"}, "county_admin"),
    row("proposals.bid_for", "own firm", "firm", ORG["firm"], EDITORS, "county_admin"),
    row(
        "proposals.edit_proposal",
        "before the deadline",
        "firm",
        lambda w: w.proposal(deadline_passed=False),
        EDITORS,
        "county_admin",
    ),
    row(
        "proposals.manage_evaluation",
        "after the deadline",
        "county",
        lambda w: w.scenario("open", deadline_passed=True),
        EDITORS,
        "firm_admin",
    ),
    row("proposals.score", "own evaluation", "county", lambda w: w.evaluation(), {"editor"}, "firm_admin"),
    row(
        "proposals.award",
        "after the deadline",
        "county",
        lambda w: w.scenario("open", deadline_passed=True),
        EDITORS,
        "firm_admin",
    ),
    row(
        "proposals.read_engagement",
        "contracted",
        "county",
        lambda w: w.engagement(),
        MEMBERS | {"counterpart", "firm_viewer"} | OVERSEERS,
        "firm_admin",
        ("firm_viewer",),
    ),
    row("proposals.manage_engagement", "contracted", "county", lambda w: w.engagement(), EDITORS, "firm_admin"),
    row(
        "proposals.report_engagement",
        "contracted",
        "county",
        lambda w: w.engagement(),
        EDITORS | {"counterpart"},
        "firm_admin",
        ("firm_viewer",),
    ),
    row(
        "proposals.sign_acceptance",
        "committee: viewer and admin",
        "county",
        lambda w: w.engagement_with_committee(),
        {"viewer", "admin"},
        "firm_admin",
    ),
    row("proposals.edit_case", "accepted", "county", lambda w: w.replicable_case(), EDITORS, "firm_admin"),
    # evaluation panels: the provincial office's editors keep the pool; the owner office draws; ``expert`` holds
    # a seat on the drawn panel
    row(
        "proposals.keep_expert_pool",
        "any",
        "county",
        lambda w: w.province_editor(),
        {"province_editor", "superuser"},
        "firm_admin",
        ("province_editor",),
    ),
    row(
        "proposals.draw_panel",
        "after the deadline",
        "county",
        lambda w: w.scenario_with_panel(),
        EDITORS | {"province_editor", "superuser"},
        "firm_admin",
        ("province_editor", "expert"),
    ),
    row(
        "proposals.read_panel",
        "after the deadline",
        "county",
        lambda w: w.scenario_with_panel(),
        MEMBERS | OVERSEERS | {"province_editor"},
        "firm_admin",
        ("province_editor", "expert"),
    ),
    row(
        "proposals.decline_seat",
        "seated",
        "county",
        lambda w: w.panel_seat(w.scenario("open", deadline_passed=True)),
        {"expert"},
        "firm_admin",
        ("expert",),
    ),
    # funding: rewards and vouchers, granted by the provincial or a city office (here Suzhou's, to Kunshan)
    row("funding.grant", "any", "county", NOTHING, {"city_editor", "other_city_admin"}, extras=CITY),
    row("funding.grant_for", "the city office", "county", lambda w: w.orgs["city"], {"city_editor"}, extras=CITY),
    row("funding.grant_for", "a county office", "county", ORG["county"], set(), extras=CITY),
    row(
        "funding.read_grant",
        "granted",
        "county",
        lambda w: w.grant(),
        MEMBERS | OVERSEERS | {"city_editor", "city_viewer"},
        "firm_admin",
        CITY,
    ),
    row("funding.manage_grant", "granted", "county", lambda w: w.grant(), {"city_editor"}, "firm_admin", CITY),
    # money: a contract value is the owner office's and the awarded firm's until the award is final, then public
    row(
        "proposals.read_contract_value",
        "standstill",
        "county",
        lambda w: w.contract(final=False),
        MEMBERS | {"counterpart", "firm_viewer"},
        "firm_admin",
        ("firm_viewer",),
    ),
    row("proposals.read_contract_value", "final", "county", lambda w: w.contract(final=True), EVERYONE, "firm_admin"),
    row("proposals.record_payment", "contracted", "county", lambda w: w.engagement(), EDITORS, "firm_admin"),
    row(
        "proposals.read_trail",
        "awarded",
        "county",
        lambda w: w.scenario("open", deadline_passed=True),
        MEMBERS | OVERSEERS,
        "firm_admin",
    ),
]


def registered_permissions() -> set[str]:
    return {name for name in rules.permissions.permissions if name.split(".")[0] in APPS}


def test_every_registered_permission_has_a_row():
    assert registered_permissions() == {r.perm for r in MATRIX}


@pytest.mark.django_db
@pytest.mark.parametrize("case", MATRIX, ids=[f"{r.perm}[{r.situation}]" for r in MATRIX])
def test_permission_matrix(case: Row):
    world = World()
    obj = case.build(world)
    cast = world.cast(case.owner, case.counterpart, case.extras)

    outcome = {role: user.has_perm(case.perm, obj) for role, user in cast.items()}

    expected = {role: role in case.allowed for role in cast}
    assert outcome == expected


# ---------------------------------------------------------------- names and use


def test_no_permission_has_the_shape_of_a_django_model_permission(db):
    """Django's admin asks ``app.view_model`` & co.; a rule with such a name would answer it (issue 17.6)."""
    from django.contrib.auth.models import Permission

    model_permissions = {
        f"{app}.{codename}" for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }
    for name in registered_permissions():
        codename = name.split(".", 1)[1]
        assert not codename.startswith(("add_", "change_", "delete_", "view_")), name
        assert name not in model_permissions, name


def _permission_names_used_in_code() -> set[str]:
    """String constants in the project's Python (other than the name given to ``rules.add_perm``) and quoted
    names in its templates."""
    import ast

    from tests.source_tree import ROOT, project_packages, project_source

    registered_at = set()
    used = set()
    for source in project_source():
        for node, _scope in source.walk():
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "add_perm" and node.args:
                registered_at.add(id(node.args[0]))
        for node, _scope in source.walk():
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in registered_at:
                used.add(node.value)
    names = registered_permissions()
    template_dirs = [ROOT / "templates", *(ROOT / package for package in project_packages())]
    for directory in template_dirs:
        for path in directory.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            used.update(name for name in names if f'"{name}"' in text or f"'{name}'" in text)
    return used


def test_every_registered_permission_is_used_somewhere():
    unused = registered_permissions() - _permission_names_used_in_code()
    assert unused == set(), f"registered but never asked: {sorted(unused)}"
