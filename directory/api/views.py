from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from core.api import validated_body
from core.parsers import FormParser, JSONParser, MultiPartParser
from directory import selectors, services
from directory.api.filters import OrganizationFilter, RegionFilter
from directory.api.serializers import (
    JoinRequestSerializer,
    MembershipRoleSerializer,
    MembershipSerializer,
    OrganizationRejectionSerializer,
    OrganizationSerializer,
    OrganizationVerificationSerializer,
    RegionSerializer,
)
from directory.models import Membership, Region


class ObtainTokenView(ObtainAuthToken):
    """Exchange a username and password for an API token (throttled per client address; a user name or address
    locked out by too many wrong passwords is answered 429 like the login page)."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth-token"
    # The site's parsers (depth-limited JSON, no NUL or lone surrogates), not ObtainAuthToken's own list.
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except exceptions.ValidationError as exc:
            # django-axes refused the attempt before the password was checked (it marks the request).
            if getattr(request, "axes_locked_out", False):
                raise exceptions.Throttled(detail=_("Too many failed sign-in attempts; try again later.")) from None
            # A well-formed request with a wrong user name or password: the credentials are refused (401), as
            # on every other endpoint; a missing field stays 400.
            if exc.get_codes() == {"non_field_errors": ["authorization"]}:
                raise exceptions.AuthenticationFailed(_("Unable to sign in with these credentials.")) from None
            raise


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Jiangsu's province, cities and county-level units (GB/T 2260 codes)."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    ordering_fields = ["code", "population"]
    ordering = ["code"]
    lookup_value_regex = "[0-9]{6}"


class OrganizationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Organisations: everyone reads; a signed-in user registers one (pending); its admins edit it."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    ordering_fields = ["name_zh", "name_en", "created_at"]
    ordering = ["name_zh", "name_en", "id"]

    def get_queryset(self):
        return selectors.organizations_list()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        organization = services.organization_create(
            user=self.request.user, kind=data.pop("kind"), region=data.pop("region"), **data
        )
        serializer.instance = selectors.organizations_list().get(pk=organization.pk)

    def perform_update(self, serializer):
        organization = services.organization_update(
            organization=serializer.instance, actor=self.request.user, **serializer.validated_data
        )
        serializer.instance = selectors.organizations_list().get(pk=organization.pk)

    def _decide(self, request, payload_class, service):
        """The provincial office's decision (``service``: verify, reject) with the body's reason; answers with
        the organisation as it now is."""
        body = validated_body(payload_class, request)
        organization = self.get_object()
        service(organization=organization, actor=request.user, **body)
        return Response(self.get_serializer(self.get_queryset().get(pk=organization.pk)).data)

    @extend_schema(request=OrganizationVerificationSerializer, responses=OrganizationSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def verify(self, request, pk=None):
        """Provincial office: mark the organisation verified (it may then publish)."""
        return self._decide(request, OrganizationVerificationSerializer, services.organization_verify)

    @extend_schema(request=OrganizationRejectionSerializer, responses=OrganizationSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def reject(self, request, pk=None):
        """Provincial office: reject the registration, with a reason."""
        return self._decide(request, OrganizationRejectionSerializer, services.organization_reject)

    @extend_schema(request=JoinRequestSerializer, responses={201: MembershipSerializer})
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def join(self, request, pk=None):
        """Ask to join the organisation; one of its admins approves."""
        body = validated_body(JoinRequestSerializer, request)
        membership = services.membership_request(user=request.user, organization=self.get_object(), **body)
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=MembershipSerializer(many=True))
    @action(detail=True, methods=["get"], permission_classes=[permissions.IsAuthenticated], filterset_class=None)
    def members(self, request, pk=None):
        """Active members (visible to the organisation's members and the provincial office)."""
        organization = self.get_object()
        if not request.user.has_perm("directory.read_members", organization):
            self.permission_denied(request, message="Only members of the organisation can see who belongs to it.")
        page = self.paginate_queryset(selectors.members_of(organization=organization))
        return self.get_paginated_response(MembershipSerializer(page, many=True).data)

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if request.method in ("PUT", "PATCH") and not request.user.has_perm("directory.edit_organization", obj):
            self.permission_denied(request, message="Only the organisation's administrators can edit it.")


class MembershipViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Your memberships and join requests, plus the requests waiting on organisations you administer."""

    serializer_class = MembershipSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["status", "role", "organization"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Membership.objects.none()
        return selectors.memberships_visible_to(user=self.request.user)

    def perform_destroy(self, instance):
        services.membership_remove(membership=instance, actor=self.request.user)

    def _with_role(self, request, service):
        """Call ``service`` (approve, change role) on this membership with the role in the body."""
        body = validated_body(MembershipRoleSerializer, request)
        membership = service(membership=self.get_object(), actor=request.user, **body)
        return Response(self.get_serializer(membership).data)

    @extend_schema(request=MembershipRoleSerializer, responses=MembershipSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._with_role(request, services.membership_approve)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        services.membership_decline(membership=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=MembershipRoleSerializer, responses=MembershipSerializer)
    @action(detail=True, methods=["post"])
    def role(self, request, pk=None):
        return self._with_role(request, services.membership_change_role)
