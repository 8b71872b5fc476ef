"""``/api/v1/grants/``: rewards and vouchers, for the granting office, the grantee and the provincial office."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_filters import rest_framework as django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from catalog.models import Scenario
from core.api import FilterBackend
from directory.models import Organization
from funding import selectors, services
from funding.api import serializers as s
from funding.models import Grant
from proposals.api.actions import BodyActionMixin
from proposals.models import Engagement

BIGINT = 2**63 - 1


def _id_filter(field_name: str) -> django_filters.NumberFilter:
    """An id as a 64-bit integer: a larger number is refused with 400 (the database cannot compare it)."""
    return django_filters.NumberFilter(field_name=field_name, min_value=-BIGINT - 1, max_value=BIGINT)


class GrantFilter(django_filters.FilterSet):
    grantor = _id_filter("grantor_id")
    grantee = _id_filter("grantee_id")
    scenario = _id_filter("scenario_id")

    class Meta:
        model = Grant
        fields = ["status", "kind", "grantor", "grantee", "scenario"]


def _get(model, pk, field: str):
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise exceptions.ValidationError({field: [_("Unknown id.")]})
    return found


class GrantViewSet(BodyActionMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Challenge rewards (揭榜挂帅奖励) and scenario innovation vouchers (场景创新券) granted by the provincial
    office or a city office to county offices and firms. The granting office grants (POST), marks paid and
    withdraws; the grantee and the provincial office read."""

    serializer_class = s.GrantSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = [FilterBackend]
    filterset_class = GrantFilter

    def get_queryset(self):
        return selectors.grants_visible_to(self.request.user).order_by("-granted_on", "-id")

    @extend_schema(request=s.GrantCreateSerializer, responses={201: s.GrantSerializer})
    def create(self, request):
        values = self._body(s.GrantCreateSerializer)
        grantor = Organization.objects.filter(pk=values["grantor"]).first()
        if grantor is None or not request.user.has_perm("funding.grant_for", grantor):
            raise exceptions.PermissionDenied
        grant = services.grant_create(
            actor=request.user,
            grantor=grantor,
            grantee=_get(Organization, values["grantee"], "grantee"),
            kind=values["kind"],
            amount=values["amount"],
            conditions=values["conditions"],
            granted_on=values["granted_on"],
            scenario=_get(Scenario, values.get("scenario"), "scenario"),
            engagement=_get(Engagement, values.get("engagement"), "engagement"),
        )
        return Response(s.GrantSerializer(grant).data, status=status.HTTP_201_CREATED)

    def _change(self, request, payload_class, service):
        """Find the grant (404 before the body is read), validate the body with ``payload_class``, hand its values
        to ``service`` with the grant and the caller; answer with the grant as it now is."""
        grant, values = self._object_and_body(payload_class)
        grant = service(grant=grant, actor=request.user, **values)
        return Response(s.GrantSerializer(grant).data)

    @extend_schema(request=s.GrantPaidSerializer, responses=s.GrantSerializer)
    @action(detail=True, methods=["post"])
    def paid(self, request, pk=None):
        return self._change(request, s.GrantPaidSerializer, services.grant_mark_paid)

    @extend_schema(request=s.GrantWithdrawSerializer, responses=s.GrantSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._change(request, s.GrantWithdrawSerializer, services.grant_withdraw)
