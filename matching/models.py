"""Matching on the site: stored suggestions and the feedback on them, region pairs (南北挂钩), replication
recommendations and firms' subscriptions.

Only public catalog rows are ever stored here (see ``matching.services``); writes go through the services.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Capability, Domain, Scenario, Solution
from core.models import acting_user
from directory.models import Organization, Region


class SuggestionQuerySet(models.QuerySet):
    def public(self) -> SuggestionQuerySet:
        """Both sides still public: a published, not cancelled scenario and a published solution. Refreshes keep
        the table this way; the filter is a second lock on the door."""
        return self.filter(
            scenario__published_at__isnull=False,
            solution__status=Solution.Status.PUBLISHED,
        ).exclude(scenario__status=Scenario.Status.CANCELLED)


class Suggestion(models.Model):
    """One (scenario, solution) pair from the engine's top-k in at least one direction.

    ``rank_for_scenario`` is the solution's 1-based place in the scenario's list (None if it is only in the
    solution's list), and the other way round. ``reasons`` are the engine's short explanations, in the
    scenario's language.
    """

    scenario = models.ForeignKey(
        Scenario, verbose_name=_("scenario"), on_delete=models.CASCADE, related_name="suggestions"
    )
    solution = models.ForeignKey(
        Solution, verbose_name=_("solution"), on_delete=models.CASCADE, related_name="suggestions"
    )
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    rank_for_scenario = models.PositiveSmallIntegerField(_("rank for the scenario"), null=True, blank=True)
    rank_for_solution = models.PositiveSmallIntegerField(_("rank for the solution"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "solution"], name="matching_suggestion_unique_pair"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=1), name="matching_suggestion_score_0_1"),
            models.CheckConstraint(
                condition=Q(rank_for_scenario__isnull=False) | Q(rank_for_solution__isnull=False),
                name="matching_suggestion_ranked_somewhere",
            ),
        ]
        indexes = [
            models.Index(fields=["scenario", "rank_for_scenario"], name="matching_sugg_scenario_rank"),
            models.Index(fields=["solution", "rank_for_solution"], name="matching_sugg_solution_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.scenario_id} ↔ {self.solution_id} ({self.score:.2f})"


class SuggestionFeedback(models.Model):
    """A verdict of one side on a pair, kept for tuning even after the suggestion itself is recomputed away.

    One row per (scenario, solution, side): the latest verdict of that side wins. A dismissal hides the pair
    from that side's lists.
    """

    class Side(models.TextChoices):
        SCENARIO = "scenario", _("county (scenario owner)")
        SOLUTION = "solution", _("firm (solution owner)")

    class Verdict(models.TextChoices):
        DISMISS = "dismiss", _("dismissed")
        CONFIRM = "confirm", _("confirmed")

    suggestion = models.ForeignKey(
        Suggestion,
        verbose_name=_("suggestion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    scenario = models.ForeignKey(Scenario, verbose_name=_("scenario"), on_delete=models.CASCADE, related_name="+")
    solution = models.ForeignKey(Solution, verbose_name=_("solution"), on_delete=models.CASCADE, related_name="+")
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    user = acting_user(_("by"), blank=False)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    score = models.FloatField(_("score when given"), null=True, blank=True)
    reasons = models.JSONField(_("reasons when given"), default=list, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("suggestion feedback")
        verbose_name_plural = _("suggestion feedback")
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "solution", "side"], name="matching_feedback_one_per_side"),
        ]

    def __str__(self) -> str:
        return f"{self.side} {self.verdict} {self.scenario_id}↔{self.solution_id}"


class RegionPair(models.Model):
    """A pairing in a provincial programme of north–south cooperation (南北挂钩合作, 南北共建园区): a southern city or
    county helps a city or county of 苏北 or 苏中. A city on either side stands for every county under it; the
    replication push ranks the helped side's counties first for firms of the helping side (``matching.services``).

    The field names keep the first version's ``*_city`` (the API and the audit trail use them); since pairs may be
    set at county level too, either side may be a county-level region."""

    south_city = models.ForeignKey(
        Region,
        verbose_name=_("southern partner (city or county)"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level__in": ("city", "county")},
    )
    north_city = models.ForeignKey(
        Region,
        verbose_name=_("paired city or county in 苏北/苏中"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level__in": ("city", "county"), "zone__in": ("north", "centre")},
    )
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    source = models.CharField(
        _("source"), max_length=500, blank=True, help_text=_("Where the pairing is documented (publication, date).")
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("region pair")
        verbose_name_plural = _("region pairs")
        ordering = ["south_city_id", "north_city_id"]
        constraints = [
            models.UniqueConstraint(fields=["south_city", "north_city"], name="matching_regionpair_unique"),
            models.CheckConstraint(condition=~Q(south_city=F("north_city")), name="matching_regionpair_distinct"),
        ]

    def __str__(self) -> str:
        return f"{self.south_city_id}–{self.north_city_id}"


class ReplicationRecommendation(models.Model):
    """ "This proven solution fits your scenario" — or, for a county with no fitting draft or open scenario, "this
    proven case could be yours": pushed to a county after an engagement elsewhere was accepted. A county-level
    recommendation has no target scenario; it proposes the source scenario (to adopt in one step when it is
    replicable) and the solution."""

    solution = models.ForeignKey(Solution, verbose_name=_("solution"), on_delete=models.CASCADE, related_name="+")
    source_scenario = models.ForeignKey(
        Scenario, verbose_name=_("proven in"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_scenario = models.ForeignKey(
        Scenario,
        verbose_name=_("target scenario"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replication_recommendations",
    )
    county = models.ForeignKey(Region, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    priority = models.PositiveSmallIntegerField(
        _("priority class"),
        help_text=_(
            "0: 苏北/苏中 county paired with the firm's home city or county; 1: other 苏北/苏中 counties and any "
            "county the gap monitor reads as behind the province's median; 2: the rest."
        ),
    )
    position = models.PositiveIntegerField(_("position"))
    score = models.FloatField(_("similarity"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("replication recommendation")
        verbose_name_plural = _("replication recommendations")
        ordering = ["solution_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["solution", "target_scenario"], name="matching_replication_unique"),
            models.UniqueConstraint(
                fields=["solution", "county"],
                condition=Q(target_scenario__isnull=True),
                name="matching_replication_county_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.solution_id} → {self.target_scenario_id or self.county_id} #{self.position}"


class Subscription(models.Model):
    """What a firm's member wants to hear about: newly published scenarios in these domains, with these
    capabilities, in these counties (a city means every county under it) or zones. Empty criteria match
    nothing: at least one criterion is required (services enforce it)."""

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("at once")
        DIGEST = "digest", _("daily digest")

    organization = models.ForeignKey(
        Organization, verbose_name=_("firm"), on_delete=models.CASCADE, related_name="matching_subscriptions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="matching_subscriptions",
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    domains = models.ManyToManyField(Domain, verbose_name=_("domains"), blank=True, related_name="+")
    capabilities = models.ManyToManyField(Capability, verbose_name=_("capabilities"), blank=True, related_name="+")
    regions = models.ManyToManyField(
        Region,
        verbose_name=_("counties or cities"),
        blank=True,
        related_name="+",
        help_text=_("A city stands for every county under it."),
    )
    zones = models.JSONField(_("zones"), default=list, blank=True)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"

    @property
    def zone_labels(self) -> list[str]:
        """The followed zones as readers see them (“Northern Jiangsu (苏北)”), never the stored code."""
        labels = dict(Region.Zone.choices)
        return [str(labels.get(code, code)) for code in self.zones]


class Invitation(models.Model):
    """The owner county invited the firm of a suggested solution to propose for its scenario (once per pair)."""

    scenario = models.ForeignKey(Scenario, verbose_name=_("scenario"), on_delete=models.CASCADE, related_name="+")
    solution = models.ForeignKey(Solution, verbose_name=_("solution"), on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, verbose_name=_("firm"), on_delete=models.CASCADE, related_name="+")
    invited_by = acting_user(_("invited by"), blank=False)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "solution"], name="matching_invitation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.scenario_id} → {self.solution_id}"


class IndexLog(models.Model):
    """What the match index held in a worker's memory has to catch up with.

    Every incremental refresh appends the document it applied; a full rebuild (``refresh_all``, or a scenario or
    solution leaving the public set) appends a ``rebuild`` entry with a new ``epoch``. A process whose index is of
    an older epoch refits; one of the current epoch replays the entries it has not applied yet (see
    ``matching.incremental``).
    """

    class Kind(models.TextChoices):
        SCENARIO = "scenario", "scenario"
        SOLUTION = "solution", "solution"
        REBUILD = "rebuild", "rebuild"

    epoch = models.CharField(max_length=32)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.BigIntegerField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("match index change")
        verbose_name_plural = _("match index changes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.epoch}:{self.kind}:{self.object_id}"


class WeightSet(models.Model):
    """Component weights of the matching score fitted from use (``manage.py fit_matching_weights``).

    A fit is saved as *proposed* with what it was fitted from and how it did, shown, and only then *applied*
    (becomes the one *active* set; the engine reads it at its next fit) or discarded. Applying another set or
    reverting retires the active one; reverting re-activates the set that was active before it (or, with none,
    the shipped defaults of ``matching.engine.weights``). Rows are never edited after the fit, so every applied
    change can be traced and undone.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACTIVE = "active", _("active")
        RETIRED = "retired", _("retired")

    values = models.JSONField(_("component weights"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    based_on = models.JSONField(_("weights in use when fitted"), default=dict)
    summary = models.JSONField(_("what it was fitted from and how it did"), default=dict)
    fitted_at = models.DateTimeField(_("fitted at"), default=timezone.now)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = acting_user(_("applied by"))
    previous = models.ForeignKey(
        "self", verbose_name=_("active before it"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("matching weight set")
        verbose_name_plural = _("matching weight sets")
        ordering = ["-fitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="active"), name="matching_weightset_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.fitted_at:%Y-%m-%d %H:%M}"
