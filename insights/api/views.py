"""Insights in the API: the skills-in-demand table (public: built from public scenarios and published sessions)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from directory.models import Region
from insights import skills_demand


class SkillDemandSerializer(serializers.Serializer):
    zone = serializers.CharField(help_text="south, centre or north")
    skill = serializers.CharField(source="skill.code", help_text="talent skill code, e.g. det-iot")
    skill_name_zh = serializers.CharField(source="skill.name_zh")
    skill_name_en = serializers.CharField(source="skill.name_en")
    scenarios = serializers.IntegerField(help_text="open or piloting public scenarios in the zone calling on it")
    example_scenarios = serializers.SerializerMethodField()
    sessions_in_zone = serializers.IntegerField(help_text="upcoming published sessions at a venue in the zone")
    sessions_online = serializers.IntegerField(help_text="upcoming published sessions without a venue")
    uncovered = serializers.BooleanField(help_text="needed in the zone and no session there teaches it")

    def get_example_scenarios(self, obj) -> list[int]:
        return [scenario.pk for scenario in obj.examples]


class SkillDemandViewSet(viewsets.ViewSet):
    """Skills in demand per zone (苏南/苏中/苏北): derived from the capabilities of open and piloting scenarios
    through the documented mapping ``insights/data/capability_skills.json``; most-needed first."""

    @extend_schema(
        parameters=[OpenApiParameter("zone", OpenApiTypes.STR, enum=list(Region.Zone.values), required=False)],
        responses=SkillDemandSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        zone = request.query_params.get("zone", "")
        if zone and zone not in Region.Zone.values:
            raise ValidationError({"zone": [_("Choose south, centre or north.")]})
        table = skills_demand.skills_in_demand(zone=zone or None)
        rows = [row for zone_rows in table.values() for row in zone_rows]
        return Response(SkillDemandSerializer(rows, many=True).data)
