"""What insights stores: monthly snapshots of the indicators (written only by ``refresh_insights``), the gap
index per month, the provincial office's targets, and the counties' digital-maturity self-assessments."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import AutoTimestampedModel, acting_user
from directory.models import Organization, Region
from insights import indicators


class Level(models.TextChoices):
    COUNTY = "county", _("county")
    CITY = "city", _("city")
    ZONE = "zone", _("zone")
    PROVINCE = "province", _("province")


class IndicatorSnapshot(models.Model):
    """One indicator's figure for one area as of the end of one month (cumulative since the first month)."""

    month = models.DateField(_("month"), help_text=_("First day of the month; the figure is as of its end."))
    indicator = models.CharField(_("indicator"), max_length=40)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    # A region code (county, city, province) or, for the zone level, the zone's code (south / centre / north).
    area = models.CharField(_("area"), max_length=10)
    value = models.FloatField(_("value"), null=True, blank=True)
    per_10k = models.FloatField(_("per 10,000 residents"), null=True, blank=True)
    n = models.PositiveIntegerField(_("facts counted"), default=0)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")
        ordering = ["month", "indicator", "level", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "indicator", "level", "area"], name="insights_snapshot_one_per_area_month"
            )
        ]
        indexes = [models.Index(fields=["indicator", "level", "month"], name="insights_snap_ind_level_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.indicator} {self.level}:{self.area}"


class GapSnapshot(models.Model):
    """The gap index of one additive indicator at one month's end (see docs/insights.md)."""

    month = models.DateField(_("month"))
    indicator = models.CharField(_("indicator"), max_length=40)
    north_south_ratio = models.FloatField(_("苏北 ÷ 苏南 per capita"), null=True, blank=True)
    centre_south_ratio = models.FloatField(_("苏中 ÷ 苏南 per capita"), null=True, blank=True)
    theil = models.FloatField(_("Theil index across counties"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("gap index")
        verbose_name_plural = _("gap indices")
        ordering = ["month", "indicator"]
        constraints = [models.UniqueConstraint(fields=["month", "indicator"], name="insights_gap_one_per_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.indicator}"


class IndicatorTarget(models.Model):
    """A target the provincial office sets for one indicator, zone and year (value as of the year's end)."""

    class Basis(models.TextChoices):
        ABSOLUTE = "absolute", _("absolute")
        PER_10K = "per_10k", _("per 10,000 residents")

    indicator = models.CharField(_("indicator"), max_length=40, choices=indicators.choices)
    zone = models.CharField(_("zone"), max_length=10, choices=Region.Zone.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2020), MaxValueValidator(2100)])
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices, default=Basis.PER_10K)
    value = models.FloatField(_("target value"), validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=500, blank=True)
    set_by = acting_user()
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["-year", "indicator", "zone"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "zone", "year"], name="insights_target_one_per_zone_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.indicator} {self.zone}"


class MaturityAssessmentQuerySet(models.QuerySet):
    def submitted(self) -> MaturityAssessmentQuerySet:
        return self.filter(status=MaturityAssessment.Status.SUBMITTED)


class MaturityAssessment(AutoTimestampedModel):
    """A county office's yearly digital-maturity self-assessment (dimensions in ``insights.maturity``)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    county = models.ForeignKey(Region, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        Organization, verbose_name=_("county office"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2020), MaxValueValidator(2100)])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    score = models.FloatField(_("score (1–5)"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = acting_user()
    province_comment = models.TextField(_("provincial office's comment"), max_length=5000, blank=True)
    commented_by = acting_user()
    commented_at = models.DateTimeField(_("commented at"), null=True, blank=True)

    objects = MaturityAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("digital-maturity self-assessment")
        verbose_name_plural = _("digital-maturity self-assessments")
        ordering = ["-year", "county"]
        constraints = [models.UniqueConstraint(fields=["county", "year"], name="insights_maturity_one_per_county_year")]

    def __str__(self) -> str:
        return f"{self.county} {self.year}"


class MaturityAnswer(models.Model):
    """The level (1–5) a county gives itself on one dimension, with links to its evidence."""

    assessment = models.ForeignKey(MaturityAssessment, on_delete=models.CASCADE, related_name="answers")
    dimension = models.CharField(_("dimension"), max_length=30)
    level = models.PositiveSmallIntegerField(_("level"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    evidence = models.TextField(
        _("evidence links"), max_length=2000, blank=True, help_text=_("One web address per line.")
    )

    class Meta:
        verbose_name = _("maturity answer")
        verbose_name_plural = _("maturity answers")
        ordering = ["assessment", "dimension"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "dimension"], name="insights_answer_one_per_dimension"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="insights_answer_level_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.level}"
