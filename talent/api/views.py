"""``/api/v1/skills/``, ``/courses/``, ``/sessions/``, ``/enrolments/``, ``/certificates/``, ``/exchanges/``.

Every queryset comes from a selector scoped to the requesting user; writes go through the services, which
check permissions (403) and validate (400). Objects outside the user's view are 404.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import PublicListPagination
from core.idempotency import idempotent
from directory.selectors import affiliations_of
from talent import selectors, services
from talent.api.serializers import (
    CertificateSerializer,
    CourseSerializer,
    EnrolmentCreateSerializer,
    EnrolmentSerializer,
    ExchangeCreateSerializer,
    ExchangeSerializer,
    OccurrenceSerializer,
    ReportSerializer,
    SessionSerializer,
    SessionWriteSerializer,
    SkillSerializer,
    TalentReasonSerializer,
)
from talent.filters import CourseFilter, EnrolmentFilter, ExchangeFilter, SessionFilter
from talent.models import Certificate, Course, Enrolment, Exchange, Session


def _schema_only(view) -> bool:
    return getattr(view, "swagger_fake_view", False)


class SkillViewSet(viewsets.ReadOnlyModelViewSet):
    """The skills taxonomy: DigComp 2.2 areas and competences, and the digital-technology engineer tracks."""

    serializer_class = SkillSerializer
    lookup_field = "code"
    lookup_value_regex = "[a-z0-9][a-z0-9._-]*"
    filterset_fields = ["scheme", "kind"]
    ordering = ["scheme", "code"]

    def get_queryset(self):
        return selectors.skills_list()


class CourseViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Published courses for everyone; a verified provider's editors create them."""

    pagination_class = PublicListPagination

    serializer_class = CourseSerializer
    filterset_class = CourseFilter
    ordering_fields = ["title_zh", "planned_hours", "created_at"]
    ordering = ["title_zh", "id"]

    def get_queryset(self):
        if _schema_only(self):
            return Course.objects.none()
        return selectors.courses_visible_to(user=self.request.user).distinct()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        skills = [(row["skill"], row["level"]) for row in data.pop("course_skills", [])]
        course = services.course_create(
            actor=self.request.user,
            provider=data.pop("provider"),
            title_zh=data.pop("title_zh"),
            planned_hours=data.pop("planned_hours"),
            skills=skills,
            publish=data.pop("publish", False),
            **data,
        )
        serializer.instance = self.get_queryset().get(pk=course.pk)

    @extend_schema(request=None, responses=CourseSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def publish(self, request, pk=None):
        """Publish a draft course (it must name at least one skill)."""
        services.course_publish(actor=request.user, course=self.get_object())
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)


class SessionViewSet(viewsets.ReadOnlyModelViewSet):
    """Sessions with seats left; providers create (``POST``), publish (conflicts block) and list conflicts."""

    pagination_class = PublicListPagination

    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    ordering_fields = ["start", "capacity"]
    ordering = ["start", "id"]

    def get_queryset(self):
        if _schema_only(self):
            return Session.objects.none()
        return selectors.sessions_visible_to(user=self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        if user.is_authenticated:
            context["my_session_ids"] = set(
                Enrolment.objects.active().filter(person=user).values_list("session_id", flat=True)
            )
            context["member_org_ids"] = set(affiliations_of(user).organization_ids())
        return context

    @extend_schema(request=SessionWriteSerializer, responses={201: SessionSerializer})
    def create(self, request):
        if not request.user.is_authenticated:
            self.permission_denied(request)
        payload = SessionWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        session = services.session_create(actor=request.user, **payload.validated_data)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=session.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def publish(self, request, pk=None):
        services.session_publish(actor=request.user, session=self.get_object())
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(responses=OccurrenceSerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def occurrences(self, request, pk=None):
        session = self.get_object()
        return Response(OccurrenceSerializer(session.occurrences.all(), many=True).data)

    @extend_schema(responses={200: {"type": "array", "items": {"type": "object"}}})
    @action(detail=True, methods=["get"], permission_classes=[permissions.IsAuthenticated], filterset_class=None)
    def conflicts(self, request, pk=None):
        session = self.get_object()
        if not request.user.has_perm("talent.manage_session", session):
            self.permission_denied(request, message=_("Only the provider's editors see scheduling conflicts."))
        found = services.session_conflicts(session=session)
        return Response([{"kind": c.kind, "message": c.message} for c in found])


class EnrolmentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Private: your enrolments, your provider's sessions' enrolments, your organisation's people's, or all
    for the provincial office. ``POST`` enrols you; ``cancel`` and ``approve`` are actions."""

    serializer_class = EnrolmentSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = EnrolmentFilter
    ordering_fields = ["created_at", "waitlist_position"]
    ordering = ["session_id", "created_at", "id"]

    def get_queryset(self):
        if _schema_only(self):
            return Enrolment.objects.none()
        return selectors.with_waitlist_rank(selectors.enrolments_visible_to(user=self.request.user))

    @extend_schema(request=EnrolmentCreateSerializer, responses={201: EnrolmentSerializer})
    @idempotent
    def create(self, request):
        payload = EnrolmentCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        session = payload.validated_data["session"]
        if not selectors.sessions_visible_to(user=request.user).filter(pk=session.pk).exists():
            return Response({"session": [_("No such session.")]}, status=status.HTTP_400_BAD_REQUEST)
        enrolment = services.enrolment_create(
            person=request.user, session=session, organization=payload.validated_data.get("organization")
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=enrolment.pk)).data, status=201)

    @extend_schema(request=None, responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        services.enrolment_cancel(actor=request.user, enrolment=self.get_object())
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(request=None, responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        services.enrolment_approve(actor=request.user, enrolment=self.get_object())
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)


class CertificateViewSet(viewsets.ReadOnlyModelViewSet):
    """Certificates you may see (same rule as enrolments); ``verify`` is public by code."""

    serializer_class = CertificateSerializer
    lookup_field = "code"
    ordering = ["-issued_at", "id"]

    def get_queryset(self):
        if _schema_only(self):
            return Certificate.objects.none()
        return selectors.certificates_visible_to(user=self.request.user)

    @extend_schema(responses={200: {"type": "object"}})
    @action(detail=False, methods=["get"], url_path=r"verify/(?P<verify_code>[A-Za-z0-9-]{1,30})")
    def verify(self, request, verify_code=None):
        """Public check: valid or revoked, course, provider and date — not the holder's full record."""
        certificate = selectors.certificate_public(code=verify_code)
        if certificate is None:
            return Response({"detail": _("No certificate has this code.")}, status=status.HTTP_404_NOT_FOUND)
        return Response(
            {
                "code": certificate.code,
                "valid": certificate.is_valid,
                "holder": str(certificate.enrolment.person),
                "course_title": certificate.enrolment.session.course.title,
                "provider": certificate.enrolment.session.course.provider.name,
                "hours": certificate.hours,
                "issued_at": certificate.issued_at,
                "revoked_at": certificate.revoked_at,
                "revoked_reason": certificate.revoked_reason,
            }
        )

    @extend_schema(request=TalentReasonSerializer, responses=CertificateSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def revoke(self, request, code=None):
        payload = TalentReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        certificate = services.certificate_revoke(
            actor=request.user, certificate=self.get_object(), reason=payload.validated_data["reason"]
        )
        return Response(self.get_serializer(certificate).data)


class ExchangeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Talent exchanges and secondments; filter by ``home_zone``/``host_zone`` (e.g. south → north), period
    and skill. Names of people are shown only to the parties and the provincial office."""

    serializer_class = ExchangeSerializer
    filterset_class = ExchangeFilter
    ordering_fields = ["start_date", "end_date"]
    ordering = ["-start_date", "id"]

    def get_queryset(self):
        if _schema_only(self):
            return Exchange.objects.none()
        return selectors.exchanges_visible_to(user=self.request.user)

    @extend_schema(request=ExchangeCreateSerializer, responses={201: ExchangeSerializer})
    def create(self, request):
        if not request.user.is_authenticated:
            self.permission_denied(request)
        payload = ExchangeCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        exchange = services.exchange_propose(actor=request.user, **payload.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=exchange.pk)).data, status=201)

    def _transition(self, request, pk, service, **kwargs):
        exchange = self.get_object()
        service(actor=request.user, exchange=exchange, **kwargs)
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(request=None, responses=ExchangeSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def approve(self, request, pk=None):
        return self._transition(request, pk, services.exchange_approve)

    @extend_schema(request=None, responses=ExchangeSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def start(self, request, pk=None):
        return self._transition(request, pk, services.exchange_start)

    @extend_schema(request=ReportSerializer, responses=ExchangeSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def complete(self, request, pk=None):
        payload = ReportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._transition(request, pk, services.exchange_complete, **payload.validated_data)

    @extend_schema(request=TalentReasonSerializer, responses=ExchangeSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def cancel(self, request, pk=None):
        payload = TalentReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._transition(request, pk, services.exchange_cancel, reason=payload.validated_data["reason"])
