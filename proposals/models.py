"""Sealed proposals, their evaluation, the award with its standstill period, and the engagement that follows.

Writes go through ``proposals.services``; who may read what is decided in
``proposals.permissions`` only. These models hold fields, constraints and cheap properties.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalog.models import EvaluationCriterion, Scenario, ScenarioKpi, Solution
from core.models import AuditEventModel, AuthoredModel, ContactModel, UploadModel, acting_user
from directory.models import Organization

# Scores are whole numbers on this scale; a weighted total is Σ weight × score / MAX_SCORE (0–100).
MIN_SCORE = 0
MAX_SCORE = 10


class ProposalQuerySet(models.QuerySet):
    def active(self) -> ProposalQuerySet:
        return self.exclude(status=Proposal.Status.WITHDRAWN)

    def submitted(self) -> ProposalQuerySet:
        return self.filter(status=Proposal.Status.SUBMITTED)

    def competing(self) -> ProposalQuerySet:
        """Submitted and not disqualified: what the evaluation ranks."""
        return self.filter(status=Proposal.Status.SUBMITTED, disqualified_at__isnull=True)

    def with_outcome(self) -> ProposalQuerySet:
        """Annotate ``decided`` (the scenario has an award) and ``won`` (this proposal is among the winners)."""
        return self.annotate(
            decided=models.Exists(Award.objects.filter(scenario_id=models.OuterRef("scenario_id"))),
            won=models.Exists(Award.proposals.through.objects.filter(proposal_id=models.OuterRef("pk"))),
        )


class Proposal(AuthoredModel):
    """A firm's sealed answer to an open scenario. At most one active (not withdrawn) per firm and scenario."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        WITHDRAWN = "withdrawn", _("withdrawn")

    scenario = models.ForeignKey(
        Scenario, verbose_name=_("scenario"), on_delete=models.PROTECT, related_name="proposals"
    )
    firm = models.ForeignKey(Organization, verbose_name=_("firm"), on_delete=models.PROTECT, related_name="proposals")
    solutions = models.ManyToManyField(Solution, verbose_name=_("solutions"), related_name="proposals")
    approach = models.TextField(_("approach"), max_length=20000, blank=True)
    deliverables = models.TextField(_("deliverables"), max_length=10000, blank=True)
    price = models.PositiveBigIntegerField(_("price (CNY)"), null=True, blank=True)
    timeline = models.TextField(_("timeline"), max_length=5000, blank=True)
    team = models.TextField(_("team"), max_length=5000, blank=True)
    local_service = models.TextField(_("local service commitment"), max_length=5000, blank=True)
    declares_no_conflict = models.BooleanField(_("I declare no conflict of interest"), default=False)
    declares_data_security = models.BooleanField(
        _("I declare compliance with data-security rules (数据安全)"), default=False
    )

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    disqualified_at = models.DateTimeField(_("disqualified at"), null=True, blank=True)
    disqualified_reason = models.TextField(_("reason for disqualification"), max_length=2000, blank=True)
    disqualified_by = acting_user()
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ProposalQuerySet.as_manager()

    class Meta(AuthoredModel.Meta):
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "firm"],
                condition=~Q(status="withdrawn"),
                name="proposals_one_active_per_firm_and_scenario",
                violation_error_message=_("Your firm already has an active proposal for this scenario."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(price__isnull=False), name="proposals_price_when_submitted"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def is_disqualified(self) -> bool:
        return self.disqualified_at is not None

    def cited_solutions(self) -> list[dict]:
        """The solutions as the bid cites them: for a submitted proposal, their content when it was last
        submitted or revised (the latest revision's snapshot), so retitling or archiving a solution later does
        not change the bid; for a draft, the live solutions."""
        revisions = sorted(self.revisions.all(), key=lambda r: r.number)
        if self.status != "draft" and revisions:
            cited = revisions[-1].snapshot.get("solutions") or []
            if all(isinstance(item, dict) for item in cited):
                return cited
        return [solution_snapshot(s) for s in self.solutions.all()]


# The solution fields a revision keeps: what a bid says about each solution it cites.
SOLUTION_SNAPSHOT_FIELDS = (
    "title",
    "summary",
    "maturity",
    "delivery_model",
    "price_min",
    "price_max",
    "certifications",
    "status",
)


def solution_snapshot(solution) -> dict:
    return {"id": solution.pk, **{name: getattr(solution, name) for name in SOLUTION_SNAPSHOT_FIELDS}}


class ProposalRevision(AuditEventModel):
    """A full snapshot of a proposal at each submission and each revision after it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    snapshot = models.JSONField(_("snapshot"))

    class Meta:
        verbose_name = _("proposal revision")
        verbose_name_plural = _("proposal revisions")
        ordering = ["proposal_id", "number"]
        constraints = [models.UniqueConstraint(fields=["proposal", "number"], name="proposals_revision_unique")]

    def __str__(self) -> str:
        return f"#{self.proposal_id} r{self.number}"


def _attachment_path(instance: ProposalAttachment, filename: str) -> str:
    return f"proposals/{instance.uuid.hex[:2]}/{instance.uuid.hex}{instance.extension}"


class ProposalAttachment(UploadModel):
    """A file of a proposal; as sealed as the proposal itself."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)

    class Meta(UploadModel.Meta):
        verbose_name = _("proposal attachment")
        verbose_name_plural = _("proposal attachments")


class QuestionNotice(models.Model):
    """Marks a catalog question whose answer has been announced to the bidders (so it is announced once)."""

    question = models.OneToOneField("catalog.Question", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("question notice")
        verbose_name_plural = _("question notices")

    def __str__(self) -> str:
        return f"{self.question_id}"


class SealedReadLog(models.Model):
    """One read of a proposal's content by someone outside the submitting firm (who, when, through what)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), on_delete=models.PROTECT, related_name="+"
    )
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="read_logs"
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    via = models.CharField(_("via"), max_length=20)

    class Meta:
        verbose_name = _("sealed read")
        verbose_name_plural = _("sealed reads")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} → #{self.proposal_id}"


class Evaluation(models.Model):
    """One evaluator's evaluation of a scenario's proposals: declaration, scores, completion."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("assigned")
        DECLARED = "declared", _("no conflict declared")
        RECUSED = "recused", _("recused")
        COMPLETED = "completed", _("completed")

    scenario = models.ForeignKey(
        Scenario, verbose_name=_("scenario"), on_delete=models.CASCADE, related_name="evaluations"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("evaluator"), on_delete=models.PROTECT, related_name="evaluations"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ASSIGNED)
    recusal_reason = models.TextField(_("reason for recusal"), max_length=2000, blank=True)
    assigned_by = acting_user()
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["scenario_id", "assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "evaluator"], name="proposals_one_evaluation_per_evaluator")
        ]

    def __str__(self) -> str:
        return f"{self.scenario_id} / {self.evaluator}"


class Score(models.Model):
    """An evaluator's score of one proposal on one criterion, a whole number from MIN_SCORE to MAX_SCORE."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(EvaluationCriterion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.CharField(_("comment"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["evaluation_id", "proposal_id", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "proposal", "criterion"], name="proposals_score_unique"),
            models.CheckConstraint(
                condition=Q(value__gte=MIN_SCORE, value__lte=MAX_SCORE), name="proposals_score_on_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value}"


class Award(models.Model):
    """The owner's decision for a scenario: one or more winning proposals (parallel pilots, 赛马)."""

    class Status(models.TextChoices):
        STANDSTILL = "standstill", _("in standstill")
        FINAL = "final", _("final")

    scenario = models.OneToOneField(
        Scenario, verbose_name=_("scenario"), on_delete=models.PROTECT, related_name="award"
    )
    proposals = models.ManyToManyField(Proposal, verbose_name=_("winning proposals"), related_name="awards")
    reason = models.TextField(_("published reason"), max_length=5000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.STANDSTILL)
    decided_by = acting_user()
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    standstill_until = models.DateTimeField(_("objections until"))
    finalised_at = models.DateTimeField(_("final since"), null=True, blank=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.scenario}"

    @property
    def in_standstill(self) -> bool:
        return self.status == self.Status.STANDSTILL and timezone.now() < self.standstill_until


class Contract(models.Model):
    """The contract value of one winning proposal, stated with the award (the winning price unless the owner
    office states another). Public once the award is final (``selectors.award_value_public``); before that only
    the owner office and the awarded firm read it (``proposals.read_contract_value``)."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="contracts")
    proposal = models.OneToOneField(
        Proposal, verbose_name=_("winning proposal"), on_delete=models.PROTECT, related_name="contract"
    )
    value = models.PositiveBigIntegerField(_("contract value (CNY)"))
    set_by = acting_user()
    set_at = models.DateTimeField(_("stated at"), default=timezone.now)

    class Meta:
        verbose_name = _("contract value")
        verbose_name_plural = _("contract values")
        ordering = ["award", "proposal"]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.value}"


class Objection(models.Model):
    """A bidder's objection during the standstill period and the owner's response."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="objections")
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("objecting proposal"), on_delete=models.CASCADE, related_name="objections"
    )
    text = models.TextField(_("objection"), max_length=5000)
    submitted_by = acting_user(blank=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    response = models.TextField(_("response"), max_length=5000, blank=True)
    responded_by = acting_user()
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class EngagementQuerySet(models.QuerySet):
    def reference_cases(self) -> EngagementQuerySet:
        return self.filter(status=Engagement.Status.ACCEPTED)


class Engagement(models.Model):
    """The pilot after an award: contracted → piloting → deployed → accepted (验收) or terminated."""

    class Status(models.TextChoices):
        CONTRACTED = "contracted", _("contracted")
        PILOTING = "piloting", _("piloting")
        DEPLOYED = "deployed", _("deployed")
        ACCEPTED = "accepted", _("accepted (验收)")
        TERMINATED = "terminated", _("terminated")

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="engagements")
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="engagement")
    scenario = models.ForeignKey(
        Scenario, verbose_name=_("scenario"), on_delete=models.PROTECT, related_name="engagements"
    )
    firm = models.ForeignKey(Organization, verbose_name=_("firm"), on_delete=models.PROTECT, related_name="engagements")
    solution = models.ForeignKey(
        Solution, verbose_name=_("solution"), on_delete=models.PROTECT, related_name="engagements"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONTRACTED, db_index=True
    )
    contracted_at = models.DateTimeField(_("contracted at"), default=timezone.now)
    piloting_at = models.DateTimeField(_("pilot started at"), null=True, blank=True)
    deployed_at = models.DateTimeField(_("deployed at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    terminated_at = models.DateTimeField(_("terminated at"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), max_length=5000, blank=True)
    lessons = models.TextField(_("lessons learned"), max_length=10000, blank=True)
    deployment = models.ForeignKey(
        "catalog.Deployment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acceptance_quorum = models.PositiveSmallIntegerField(
        _("sign-offs needed for acceptance"),
        default=0,
        help_text=_("Set when the owner office names the acceptance committee."),
    )

    objects = EngagementQuerySet.as_manager()

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-contracted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.scenario} · {self.solution}"

    @property
    def is_reference_case(self) -> bool:
        return self.status == self.Status.ACCEPTED

    @property
    def contract_value(self) -> int | None:
        """The winning proposal's stated contract value (``None`` when none was stated)."""
        contract = Contract.objects.filter(proposal_id=self.proposal_id).only("value").first()
        return contract.value if contract else None


def _evidence_path(instance: Milestone, filename: str) -> str:
    # A random name: evidence is served only through the permission-checked view, never at a guessable path.
    suffix = filename[filename.rfind(".") :] if "." in filename else ""
    return f"proposals/evidence/{uuid.uuid4().hex}{suffix[:8]}"


class Milestone(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"))
    done_date = models.DateField(_("done on"), null=True, blank=True)
    evidence = models.FileField(_("evidence"), upload_to=_evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    waived_at = models.DateTimeField(_("waived at"), null=True, blank=True)
    waived_reason = models.TextField(_("reason for waiving"), max_length=2000, blank=True)
    waived_by = acting_user()
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_settled(self) -> bool:
        """Done, or waived with a reason: what acceptance asks of every milestone."""
        return self.done_date is not None or self.waived_at is not None


class Payment(models.Model):
    """A payment to the firm against a done milestone, recorded by the owner office. The sum of an engagement's
    payments never exceeds its contract value (``services.payment_record``)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="payments")
    milestone = models.ForeignKey(
        Milestone, verbose_name=_("milestone"), on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.PositiveBigIntegerField(_("amount (CNY)"))
    paid_on = models.DateField(_("paid on"))
    note = models.CharField(pgettext_lazy("payment", "note"), max_length=500, blank=True)
    recorded_by = acting_user()
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.milestone} · {self.amount}"


class KpiResult(models.Model):
    """A result measured against one of the scenario's KPI rows (``kpi``; empty only for results recorded
    before KPIs were structured, whose free-text name and target are kept)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="kpis")
    kpi = models.ForeignKey(
        ScenarioKpi, verbose_name=_("KPI"), null=True, blank=True, on_delete=models.PROTECT, related_name="results"
    )
    name = models.CharField(_("indicator"), max_length=200)
    target = models.CharField(_("target"), max_length=200)
    result = models.CharField(_("result"), max_length=200, blank=True)
    met = models.BooleanField(_("target met"), null=True, blank=True)
    measured_at = models.DateField(_("measured on"), null=True, blank=True)

    class Meta:
        verbose_name = _("KPI result")
        verbose_name_plural = _("KPI results")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "kpi"], condition=Q(kpi__isnull=False), name="proposals_one_result_per_kpi"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_reported(self) -> bool:
        return bool(self.result)


def _report_path(instance: AcceptanceReport, filename: str) -> str:
    suffix = filename[filename.rfind(".") :] if "." in filename else ""
    return f"proposals/acceptance/{uuid.uuid4().hex}{suffix[:8]}"


class AcceptanceReport(models.Model):
    """The acceptance (验收) report of an engagement: the uploaded document and the structured conclusion the
    owner office records. Acceptance needs one whose conclusion is not *failed*."""

    class Conclusion(models.TextChoices):
        PASSED = "passed", _("passed")
        CONDITIONS = "conditions", _("passed with conditions")
        FAILED = "failed", _("not passed")

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="acceptance_report")
    conclusion = models.CharField(_("conclusion"), max_length=10, choices=Conclusion.choices)
    summary = models.TextField(_("summary of findings"), max_length=5000)
    conditions = models.TextField(_("conditions"), max_length=2000, blank=True)
    file = models.FileField(_("report"), upload_to=_report_path, max_length=200)
    file_name = models.CharField(_("report file name"), max_length=255)
    submitted_by = acting_user(blank=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("acceptance report")
        verbose_name_plural = _("acceptance reports")

    def __str__(self) -> str:
        return f"{self.engagement_id}: {self.conclusion}"


class AcceptanceSignoff(models.Model):
    """A named member of the owner office on an engagement's acceptance committee, and their sign-off."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="committee")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("committee member"), on_delete=models.PROTECT, related_name="+"
    )
    appointed_by = acting_user(blank=False)
    appointed_at = models.DateTimeField(_("appointed at"), default=timezone.now)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("acceptance sign-off")
        verbose_name_plural = _("acceptance sign-offs")
        ordering = ["appointed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["engagement", "member"], name="proposals_one_seat_per_member")]

    def __str__(self) -> str:
        return f"{self.engagement_id} / {self.member_id}"


class ReplicableCase(ContactModel):
    """The standard replicable case (可复制可推广案例) an accepted pilot produces: the problem, the solution, the
    KPIs achieved, the cost, the lessons and whom to contact. Public; shown to counties with similar
    scenarios. Only such a case marks a deployment as verified."""

    engagement = models.OneToOneField(Engagement, on_delete=models.PROTECT, related_name="replicable_case")
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem"), max_length=5000)
    solution_summary = models.TextField(_("solution"), max_length=5000)
    kpis_achieved = models.JSONField(_("KPIs achieved"), default=list)
    cost = models.PositiveBigIntegerField(_("cost (CNY)"), null=True, blank=True)
    lessons = models.TextField(_("lessons"), max_length=10000, blank=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("replicable case")
        verbose_name_plural = _("replicable cases")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("proposals:case-detail", args=[self.pk])


# ---------------------------------------------------------------- expert pool and panel draws


class Expert(models.Model):
    """A person in the provincial expert pool (评审专家库): a user with the organisation they work for and the
    domains they evaluate. The provincial office keeps the pool; panels are drawn from it by lot."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="expert"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("works for"), on_delete=models.PROTECT, related_name="experts"
    )
    domains = models.ManyToManyField("catalog.Domain", verbose_name=_("domains"), related_name="experts")
    speciality = models.CharField(_("title and speciality"), max_length=200, blank=True)
    active = models.BooleanField(_("in the pool"), default=True)
    added_by = acting_user()
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.user)


class ExpertTie(models.Model):
    """A tie an expert declared with an organisation (former employer, consultancy, shareholding, family): a
    panel of a call never seats the expert if the organisation bids for it or owns it."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="ties")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    nature = models.CharField(_("nature of the tie"), max_length=200)
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)

    class Meta:
        verbose_name = _("declared tie")
        verbose_name_plural = _("declared ties")
        ordering = ["expert_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["expert", "organization"], name="proposals_one_tie_per_organization")
        ]

    def __str__(self) -> str:
        return f"{self.expert} ↔ {self.organization}"


class PanelDraw(models.Model):
    """The record of a call's panel draw: everything needed to re-run it and get the same panel.

    ``pool`` is the ids of the experts considered (active, in the scenario's domain), ``bidders`` the firms with
    a submitted proposal, ``excluded`` ``[{"expert": id, "reasons": [{"code": …, "organization": id}]}]`` and
    ``order`` the eligible experts in drawn order (``services.panels.draw_order(seed, pool − excluded)``): the
    first ``size`` sit on the panel, the next ``reserves`` are the reserves in order."""

    scenario = models.OneToOneField(
        Scenario, verbose_name=_("scenario"), on_delete=models.PROTECT, related_name="panel_draw"
    )
    seed = models.CharField(_("seed"), max_length=64)
    size = models.PositiveSmallIntegerField(_("panel size"))
    reserves = models.PositiveSmallIntegerField(_("reserve experts"))
    pool = models.JSONField(_("pool snapshot"), default=list)
    bidders = models.JSONField(_("bidders"), default=list)
    excluded = models.JSONField(_("excluded experts"), default=list)
    order = models.JSONField(_("drawn order"), default=list)
    drawn_by = acting_user()
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)

    class Meta:
        verbose_name = _("panel draw")
        verbose_name_plural = _("panel draws")
        ordering = ["-drawn_at", "-id"]

    def __str__(self) -> str:
        return f"{self.scenario}"


class PanelSeat(models.Model):
    """One drawn expert: a panel member (with the evaluation the draw created) or a reserve waiting in order."""

    class Role(models.TextChoices):
        MEMBER = "member", _("panel member")
        RESERVE = "reserve", pgettext_lazy("panel seat", "reserve")

    class Status(models.TextChoices):
        SEATED = "seated", pgettext_lazy("panel seat", "seated")
        WAITING = "waiting", _("waiting in reserve")
        DECLINED = "declined", pgettext_lazy("panel seat", "declined")
        CONFLICTED = "conflicted", _("found conflicted")

    draw = models.ForeignKey(PanelDraw, on_delete=models.CASCADE, related_name="seats")
    expert = models.ForeignKey(Expert, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="seats")
    position = models.PositiveSmallIntegerField(_("drawn position"))
    role = models.CharField(_("drawn as"), max_length=10, choices=Role.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    evaluation = models.OneToOneField(
        Evaluation, null=True, blank=True, on_delete=models.SET_NULL, related_name="panel_seat"
    )
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    seated_at = models.DateTimeField(_("seated at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("left at"), null=True, blank=True)
    ended_by = acting_user()

    class Meta:
        verbose_name = _("panel seat")
        verbose_name_plural = _("panel seats")
        ordering = ["draw_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "expert"], name="proposals_one_seat_per_expert"),
            models.UniqueConstraint(fields=["draw", "position"], name="proposals_one_seat_per_position"),
        ]

    def __str__(self) -> str:
        return f"{self.draw_id} #{self.position} {self.expert}"
