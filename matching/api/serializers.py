from __future__ import annotations

from rest_framework import serializers

from catalog.models import Capability, Domain
from directory.models import Organization, Region
from matching.models import RegionPair, Subscription, Suggestion, SuggestionFeedback
from matching.reasons import reason_texts


class ReasonsMixin(serializers.Serializer):
    """``reasons``: the match reasons in the request's language; ``reason_codes``: the same reasons as data
    (``{"code": ..., **parameters}``) for clients that render them themselves."""

    reasons = serializers.SerializerMethodField()
    reason_codes = serializers.JSONField(source="reasons", read_only=True)

    def get_reasons(self, obj) -> list[str]:
        return reason_texts(obj.reasons)


class SuggestedSolutionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="solution.pk")
    title = serializers.CharField(source="solution.title")
    firm = serializers.CharField(source="solution.owner.name")
    maturity = serializers.CharField(source="solution.maturity")
    price_min = serializers.IntegerField(source="solution.price_min", allow_null=True)
    price_max = serializers.IntegerField(source="solution.price_max", allow_null=True)


class SuggestedScenarioSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="scenario.pk")
    title = serializers.CharField(source="scenario.title")
    county = serializers.CharField(source="scenario.county_id")
    county_name = serializers.CharField(source="scenario.county.name")
    owner = serializers.CharField(source="scenario.owner.name")
    domain = serializers.CharField(source="scenario.domain.code")
    state = serializers.CharField(source="scenario.effective_status")
    budget_min = serializers.IntegerField(source="scenario.budget_min", allow_null=True)
    budget_max = serializers.IntegerField(source="scenario.budget_max", allow_null=True)
    deadline = serializers.DateTimeField(source="scenario.deadline", allow_null=True)


class ScenarioSuggestionSerializer(ReasonsMixin, serializers.ModelSerializer):
    """A recommended solution of a scenario (for the owner county)."""

    solution = SuggestedSolutionSerializer(source="*")
    rank = serializers.IntegerField(source="rank_for_scenario")
    verdict = serializers.CharField(allow_null=True, read_only=True)

    class Meta:
        model = Suggestion
        fields = ["id", "rank", "score", "reasons", "reason_codes", "solution", "verdict", "computed_at"]


class SolutionSuggestionSerializer(ReasonsMixin, serializers.ModelSerializer):
    """A recommended scenario of a solution (for the firm)."""

    scenario = SuggestedScenarioSerializer(source="*")
    solution_id = serializers.IntegerField(read_only=True)
    rank = serializers.IntegerField(source="rank_for_solution")
    verdict = serializers.CharField(allow_null=True, read_only=True)

    class Meta:
        model = Suggestion
        fields = ["id", "rank", "score", "reasons", "reason_codes", "scenario", "solution_id", "verdict", "computed_at"]


class FeedbackSerializer(serializers.ModelSerializer):
    class Meta:
        model = SuggestionFeedback
        fields = ["id", "scenario", "solution", "side", "verdict", "at"]
        read_only_fields = ["id", "scenario", "solution", "at"]


class InvitationSerializer(serializers.Serializer):
    scenario = serializers.IntegerField(source="scenario_id")
    solution = serializers.IntegerField(source="solution_id")
    at = serializers.DateTimeField()


class SubscriptionSerializer(serializers.ModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.filter(kind=Organization.Kind.FIRM))
    domains = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Domain.objects.all(), required=False)
    capabilities = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Capability.objects.all(), required=False
    )
    regions = serializers.PrimaryKeyRelatedField(many=True, queryset=Region.objects.all(), required=False)
    # Validated by the service (south / centre / north); a plain string keeps the schema's one ZoneEnum.
    zones = serializers.ListField(
        child=serializers.ChoiceField(choices=Region.Zone.choices), required=False, max_length=3
    )

    class Meta:
        model = Subscription
        fields = ["id", "organization", "name", "domains", "capabilities", "regions", "zones", "delivery", "created_at"]
        read_only_fields = ["id", "created_at"]


class RegionPairSerializer(serializers.ModelSerializer):
    """A pair of the provincial programme; either side is a city (all its counties) or a county-level unit."""

    south_city = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.filter(level__in=(Region.Level.CITY, Region.Level.COUNTY))
    )
    north_city = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.filter(level__in=(Region.Level.CITY, Region.Level.COUNTY))
    )
    south_city_name = serializers.CharField(source="south_city.name", read_only=True)
    north_city_name = serializers.CharField(source="north_city.name", read_only=True)

    class Meta:
        model = RegionPair
        fields = [
            "id",
            "south_city",
            "south_city_name",
            "north_city",
            "north_city_name",
            "programme",
            "source",
            "active",
        ]
        read_only_fields = ["id"]
