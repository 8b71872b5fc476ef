"""The catalog: domains, the capability vocabulary, county scenarios, firm solutions and clarification Q&A.

Writes go through ``catalog.services``; these models hold fields, database constraints and cheap properties.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import (
    AuditEventModel,
    AuthoredModel,
    ContactModel,
    PublicationStatus,
    UploadModel,
    acting_user,
    audit_actor,
    ordered_range,
)
from core.text import BilingualNameMixin, prefers_chinese
from directory.models import Organization, Region

# Both list fields (synonyms, tags, languages) and JSON diffs use JSONField: SQLite and PostgreSQL alike.


class Domain(BilingualNameMixin, models.Model):
    """An application domain (transport, health, …). Codes, names and order come from ``vocabulary.DOMAINS``
    (seeded by migration, read-only in the admin), so pages and match reasons name a domain alike."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering = ["position", "code"]


class Capability(BilingualNameMixin, models.Model):
    """A concept of the bilingual controlled vocabulary, e.g. telemedicine / 远程医疗."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    name_zh = models.CharField(_("Chinese label"), max_length=80)
    name_en = models.CharField(_("English label"), max_length=120)
    synonyms_zh = models.JSONField(_("Chinese synonyms"), default=list, blank=True)
    synonyms_en = models.JSONField(_("English synonyms"), default=list, blank=True)
    domains = models.ManyToManyField(Domain, verbose_name=_("domain hints"), blank=True, related_name="capabilities")

    class Meta:
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")
        ordering = ["code"]

    def terms(self) -> list[str]:
        """Every label and synonym, both languages, in their stored form."""
        return [self.name_zh, self.name_en, *self.synonyms_zh, *self.synonyms_en]


class UnmappedTag(models.Model):
    """A free-text tag no capability label or synonym matched, or a phrase that recurs in published texts and names
    no capability (``matching.curation.phrases_refresh``), kept for curators to map or dismiss."""

    class Source(models.TextChoices):
        TAG = "tag", _("typed tag")
        TEXT = "text", _("phrase in descriptions")

    text = models.CharField(_("tag"), max_length=100, unique=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.TAG)
    # For a typed tag, how often it was typed; for a phrase, in how many published scenarios and solutions it occurs.
    count = models.PositiveIntegerField(_("times seen"), default=1)
    dismissed = models.BooleanField(
        _("dismissed"), default=False, help_text=_("Names no capability; not offered again.")
    )
    first_seen = models.DateTimeField(_("first seen"), default=timezone.now)
    example_scenario = models.ForeignKey(
        "Scenario",
        verbose_name=_("example scenario"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    example_solution = models.ForeignKey(
        "Solution",
        verbose_name=_("example solution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mapped_to = models.ForeignKey(
        Capability, verbose_name=_("mapped to"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("unmapped tag")
        verbose_name_plural = _("unmapped tags")
        ordering = ["-count", "text"]

    def __str__(self) -> str:
        return self.text


class ScenarioQuerySet(models.QuerySet):
    def with_state(self) -> ScenarioQuerySet:
        """Annotate ``state``: the stored status, except that an open scenario past its deadline reads as
        evaluating even before ``close_expired_scenarios`` has persisted it."""
        return self.annotate(
            state=Case(
                When(status=Scenario.Status.OPEN, deadline__lte=timezone.now(), then=Value(Scenario.Status.EVALUATING)),
                default=F("status"),
                output_field=models.CharField(),
            )
        )

    def public(self) -> ScenarioQuerySet:
        """Scenarios anyone may see: every one that has ever been published."""
        return self.filter(published_at__isnull=False)

    def expired_open(self) -> ScenarioQuerySet:
        return self.filter(status=Scenario.Status.OPEN, deadline__lte=timezone.now())


class Grade(models.TextChoices):
    """The province's grade of a scenario it publishes."""

    DEMONSTRATION = "demonstration", _("demonstration (示范)")
    BENCHMARK = "benchmark", _("benchmark (标杆)")


class ReviewPolicy(models.Model):
    """Whether a province reviews scenarios before publication: county submits → city reviews → province
    publishes (in a numbered batch). Without a row, or with ``required`` off, counties publish directly."""

    province = models.OneToOneField(
        Region,
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        related_name="review_policy",
        limit_choices_to={"level": "province"},
    )
    required = models.BooleanField(_("review before publication"), default=False)
    updated_by = acting_user()
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("review policy")
        verbose_name_plural = _("review policies")

    def __str__(self) -> str:
        return f"{self.province_id}: {self.required}"


class Batch(models.Model):
    """A numbered release of scenarios by the province (机会清单 第N批), published at once."""

    province = models.ForeignKey(
        Region, verbose_name=_("province"), on_delete=models.PROTECT, related_name="scenario_batches"
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = acting_user()

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["province", "number"], name="catalog_batch_number_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="catalog_batch_number_positive"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _("Opportunity list, batch %(n)d") % {"n": self.number}


class CatalogEntry(ContactModel, AuthoredModel):
    """What scenarios and solutions share: title and summary, free-text tags, contact, language, an external
    reference for imports, when it was first published and the normalised text search reads."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    tags = models.JSONField(_("free-text tags"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=5, default="zh", choices=[("zh", "中文"), ("en", "English")])
    external_ref = models.CharField(_("external reference"), max_length=60, blank=True, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta(AuthoredModel.Meta):
        abstract = True

    def __str__(self) -> str:
        return self.title


class Scenario(CatalogEntry):
    """An open application scenario (开放应用场景) a county office puts to firms."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        # Only where the province reviews before publication (``ReviewPolicy``): the county submitted it and
        # the city reviews it; then the city approved it and the province grades and publishes it in a batch.
        SUBMITTED = "submitted", _("awaiting city review")
        REVIEWED = "reviewed", _("awaiting provincial publication")
        OPEN = "open", _("open for proposals")
        EVALUATING = "evaluating", _("evaluating")
        AWARDED = "awarded", _("awarded")
        PILOTING = "piloting", _("piloting")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    class Tier(models.TextChoices):
        COMPREHENSIVE = "comprehensive", _("comprehensive (综合型)")
        INDUSTRY = "industry", _("industry-integrated (行业融合型)")
        SMALL = "small", _("small-cut (小切口)")

    Grade = Grade

    class Funding(models.TextChoices):
        FISCAL = "fiscal", _("fiscal budget")
        SUBSIDY = "subsidy", _("subsidy")
        REITS = "reits", _("REITs")
        PPP = "ppp", _("PPP")
        FIRM = "firm", _("firm-funded")

    owner = models.ForeignKey(Organization, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="scenarios")
    county = models.ForeignKey(Region, verbose_name=_("county"), on_delete=models.PROTECT, related_name="scenarios")
    problem_statement = models.TextField(_("problem statement"), max_length=20000, blank=True)
    domain = models.ForeignKey(Domain, verbose_name=_("domain"), on_delete=models.PROTECT, related_name="scenarios")
    capabilities = models.ManyToManyField(
        Capability, verbose_name=_("capabilities"), blank=True, related_name="scenarios"
    )
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices, default=Tier.SMALL)
    # Free-text notes kept beside the structured rows (``kpis``, ``resources``); publishing asks for the rows.
    expected_outcomes = models.TextField(_("notes on expected outcomes"), max_length=10000, blank=True)
    open_resources = models.TextField(
        _("notes on resources the county opens"),
        max_length=10000,
        blank=True,
        help_text=_("Anything the structured resource records do not say."),
    )
    budget_min = models.PositiveBigIntegerField(_("budget from (CNY)"), null=True, blank=True)
    budget_max = models.PositiveBigIntegerField(_("budget up to (CNY)"), null=True, blank=True)
    funding_model = models.CharField(_("funding model"), max_length=10, choices=Funding.choices, default=Funding.FISCAL)
    deadline = models.DateTimeField(_("submission deadline"), null=True, blank=True, db_index=True)
    pilot_start = models.DateField(_("pilot starts"), null=True, blank=True)
    pilot_end = models.DateField(_("pilot ends"), null=True, blank=True)
    replicable = models.BooleanField(_("replicable (可复制、可推广)"), default=False)
    replicated_from = models.ForeignKey(
        "self",
        verbose_name=_("adopted from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adoptions",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    grade = models.CharField(_("grade"), max_length=16, choices=Grade.choices, blank=True, default="")
    batch = models.ForeignKey(
        "Batch",
        verbose_name=_("batch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scenarios",
    )

    objects = ScenarioQuerySet.as_manager()

    class Meta(CatalogEntry.Meta):
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        constraints = [ordered_range("budget_min", "budget_max", name="catalog_scenario_budget_ordered")]
        # The trigram index on search_text lives in migration 0003 (PostgreSQL only).
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="catalog_scen_published_idx"),
            # The default order of the list page and the API list (plans in docs/performance.md).
            models.Index(fields=["-published_at", "-created_at", "-id"], name="catalog_scen_list_order_idx"),
        ]

    @property
    def effective_status(self) -> str:
        """What a reader sees: ``open`` turns into ``evaluating`` the moment the deadline passes."""
        state = getattr(self, "state", None)
        if state is not None:
            return state
        if self.status == self.Status.OPEN and self.deadline is not None and self.deadline <= timezone.now():
            return self.Status.EVALUATING
        return self.status

    def get_effective_status_display(self) -> str:
        return self.Status(self.effective_status).label

    @property
    def lifecycle_skipped(self) -> tuple[str, ...]:
        """States the lifecycle stepper leaves out: the review steps, for a scenario that never went through
        them."""
        if self.status in (self.Status.SUBMITTED, self.Status.REVIEWED) or self.batch_id is not None:
            return ()
        return (self.Status.SUBMITTED, self.Status.REVIEWED)

    @property
    def is_open(self) -> bool:
        return self.effective_status == self.Status.OPEN

    @property
    def is_public(self) -> bool:
        return self.published_at is not None


class EvaluationCriterion(models.Model):
    """One criterion of a scenario's evaluation; the weights of a scenario sum to 100."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight (%)"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=100), name="catalog_criterion_weight_1_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


class ScenarioKpi(models.Model):
    """One measurable outcome a scenario asks for: what is measured, in which unit, from which baseline to which
    target, how and by when. Publishing needs at least one; engagements report their results against these rows."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="kpis")
    indicator = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.CharField(_("baseline"), max_length=100, blank=True)
    target = models.CharField(_("target"), max_length=200)
    method = models.CharField(_("how it is measured"), max_length=500, blank=True)
    due_date = models.DateField(_("by when"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.target}{self.unit}"


class OpenResource(models.Model):
    """Something the county opens to the firms of a scenario (a data set, an API, a site, a device, a sandbox)
    for a time window and on stated terms. Firms request access; the owner office approves or refuses."""

    class Kind(models.TextChoices):
        DATASET = "dataset", _("data set")
        API = "api", _("API")
        SITE = "site", _("site")
        DEVICE = "device", _("device")
        SANDBOX = "sandbox", _("sandbox")

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.CharField(_("description"), max_length=2000, blank=True)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    access_terms = models.CharField(_("access terms"), max_length=2000)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("opened resource")
        verbose_name_plural = _("opened resources")
        ordering = ["position", "id"]
        constraints = [ordered_range("available_from", "available_until", name="catalog_resource_window_ordered")]

    def __str__(self) -> str:
        return self.name

    def is_available(self, on=None) -> bool:
        """Whether the window still allows requests on ``on`` (today, Beijing time)."""
        on = on or timezone.localdate()
        return self.available_until is None or self.available_until >= on


class ResourceRequest(models.Model):
    """A firm's request for access to an opened resource and the owner office's decision. Rows are never
    deleted: together they are the log of who asked for what, and who approved or refused it when."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    resource = models.ForeignKey(OpenResource, on_delete=models.PROTECT, related_name="requests")
    firm = models.ForeignKey(Organization, verbose_name=_("firm"), on_delete=models.PROTECT, related_name="+")
    requested_by = acting_user(_("requested by"), blank=False)
    purpose = models.TextField(_("purpose"), max_length=2000)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = acting_user(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("resource request")
        verbose_name_plural = _("resource requests")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "firm"],
                condition=models.Q(status="pending"),
                name="catalog_one_pending_request_per_firm",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.firm_id} → {self.resource_id} ({self.status})"


class ScenarioTransition(AuditEventModel):
    """The audit trail of the lifecycle: who moved a scenario from which state to which, when and why."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=12, choices=Scenario.Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=Scenario.Status.choices)
    actor = audit_actor(help_text=_("Empty when the system acted (e.g. the deadline passed)."))
    reason = models.TextField(_("reason"), blank=True, max_length=2000)

    class Meta(AuditEventModel.Meta):
        verbose_name = _("scenario transition")
        verbose_name_plural = _("scenario transitions")

    def __str__(self) -> str:
        return f"{self.scenario_id}: {self.from_status} → {self.to_status}"

    @property
    def reason_display(self) -> str:
        """The reason as recorded, except the system's own ("deadline passed", "import"), which are stored in
        English and shown in the reader's language."""
        system = {
            "deadline passed": pgettext_lazy("scenario history", "the deadline passed"),
            "import": pgettext_lazy("scenario history", "imported"),
        }
        return str(system.get(self.reason, self.reason))


class ScenarioRevision(AuditEventModel):
    """One edit of a scenario: the changed fields as ``{field: [old, new]}``."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="revisions")
    changes = models.JSONField(_("changes"), default=dict)

    class Meta(AuditEventModel.Meta):
        verbose_name = _("scenario revision")
        verbose_name_plural = _("scenario revisions")

    def __str__(self) -> str:
        return f"{self.scenario_id} @ {self.at:%Y-%m-%d %H:%M}"


class Question(models.Model):
    """A clarification question of a firm on an open scenario. The asker is private; the answer is public."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="questions")
    asker_organization = models.ForeignKey(
        Organization, verbose_name=_("asked by (organisation)"), on_delete=models.PROTECT, related_name="+"
    )
    asked_by = acting_user(_("asked by"), blank=False)
    text = models.TextField(_("question"), max_length=4000)
    answer = models.TextField(_("answer"), max_length=8000, blank=True)
    answered_by = acting_user()
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class SolutionQuerySet(models.QuerySet):
    def published(self) -> SolutionQuerySet:
        return self.filter(status=Solution.Status.PUBLISHED)


class Solution(CatalogEntry):
    """What a firm has built and where it runs."""

    Status = PublicationStatus

    class Maturity(models.TextChoices):
        CONCEPT = "concept", _("concept")
        PROTOTYPE = "prototype", _("prototype")
        PILOT = "pilot", _("pilot")
        DEPLOYED = "deployed", _("deployed")
        SCALED = "scaled", _("scaled")

    class Delivery(models.TextChoices):
        SAAS = "saas", _("SaaS")
        ON_PREMISES = "on_premises", _("on-premises")
        HYBRID = "hybrid", _("hybrid")
        SERVICE = "service", _("service")

    owner = models.ForeignKey(Organization, verbose_name=_("firm"), on_delete=models.PROTECT, related_name="solutions")
    description = models.TextField(_("description"), max_length=20000, blank=True)
    domains = models.ManyToManyField(Domain, verbose_name=_("domains"), related_name="solutions")
    capabilities = models.ManyToManyField(
        Capability, verbose_name=_("capabilities"), blank=True, related_name="solutions"
    )
    maturity = models.CharField(_("maturity"), max_length=10, choices=Maturity.choices, default=Maturity.PROTOTYPE)
    price_min = models.PositiveBigIntegerField(_("price from (CNY)"), null=True, blank=True)
    price_max = models.PositiveBigIntegerField(_("price up to (CNY)"), null=True, blank=True)
    delivery_model = models.CharField(
        _("delivery model"), max_length=12, choices=Delivery.choices, default=Delivery.SAAS
    )
    certifications = models.CharField(
        _("certifications"), max_length=500, blank=True, help_text=_("E.g. 等保三级, ISO 27001.")
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)

    objects = SolutionQuerySet.as_manager()

    class Meta(CatalogEntry.Meta):
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")
        constraints = [ordered_range("price_min", "price_max", name="catalog_solution_price_ordered")]
        # The trigram index on search_text lives in migration 0003 (PostgreSQL only).
        # The default order of the list page and the API list.
        indexes = [models.Index(fields=["-published_at", "-created_at", "-id"], name="catalog_sol_list_order_idx")]


class Deployment(models.Model):
    """A place a solution runs: a county, the year (when known) and a note. A firm's own entry is
    *self-declared*; only an accepted pilot's replicable case (the proposals app's acceptance) makes it
    *verified*."""

    class Verification(models.TextChoices):
        SELF_DECLARED = "self_declared", _("self-declared")
        VERIFIED = "verified", _("verified by an accepted pilot")

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="deployments")
    county = models.ForeignKey(Region, verbose_name=_("county"), on_delete=models.PROTECT, related_name="deployments")
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    verification = models.CharField(
        _("verification"), max_length=14, choices=Verification.choices, default=Verification.SELF_DECLARED
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        ordering = ["county_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["solution", "county", "year"], name="catalog_deployment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.county_id} {self.year or ''}".strip()

    @property
    def is_verified(self) -> bool:
        return self.verification == self.Verification.VERIFIED


def _attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is generated; the user's name is kept only for display.
    return f"catalog/{instance.uuid.hex[:2]}/{instance.uuid.hex}{instance.extension}"


class Attachment(UploadModel):
    """A file attached to a scenario or a solution, served only to those who can see the parent."""

    scenario = models.ForeignKey(Scenario, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    solution = models.ForeignKey(Solution, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)

    class Meta(UploadModel.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scenario__isnull=False, solution__isnull=True)
                | models.Q(scenario__isnull=True, solution__isnull=False),
                name="catalog_attachment_one_parent",
            ),
        ]


def localized(zh: str, en: str) -> str:
    return (zh or en) if prefers_chinese() else (en or zh)
