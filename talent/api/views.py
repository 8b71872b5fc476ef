"""``/api/v1/skills/``, ``/courses/``, ``/sessions/``, ``/enrolments/``, ``/certificates/``, ``/exchanges/``.

Every queryset comes from a selector scoped to the requesting user; writes go through the services, which
check permissions (403) and validate (400). Objects outside the user's view are 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import PublicListPagination, validated_body
from core.idempotency import idempotent
from talent import selectors, services
from talent.api.serializers import (
    CertificateSerializer,
    CourseSerializer,
    EnrolmentCreateSerializer,
    EnrolmentSerializer,
    ExchangeCancelSerializer,
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


def _service_action(
    name: str, service, attribute: str, responses, payload=None, *, doc: str | None = None, authenticated: bool = True
):
    """The POST action ``name`` on one object the user may see: ``service(actor=, <attribute>=the object, **the
    fields of the body checked by payload)``; answers with the object read again (``_fresh``)."""

    def run(self, request, pk=None):
        fields = validated_body(payload, request) if payload is not None else {}
        service(actor=request.user, **{attribute: self.get_object()}, **fields)
        return self._fresh(pk)

    run.__name__ = name  # DRF routes an action by its function's name
    run.__doc__ = doc  # the operation's description in the API schema
    options: dict[str, Any] = {"permission_classes": [permissions.IsAuthenticated]} if authenticated else {}
    routed = action(detail=True, methods=["post"], **options)(run)
    return extend_schema(request=payload, responses=responses)(routed)


class _VisibleMixin(generics.GenericAPIView):
    """The queryset is ``visible(user)``, by default the selector ``visible_to`` scoped to the requesting user;
    while the OpenAPI schema is built, none of the serializer's model. Answers carry the row as read again through
    that queryset."""

    visible_to: Any = None  # a selector taking user=, e.g. staticmethod(selectors.sessions_visible_to)

    def visible(self, user) -> QuerySet:
        return self.visible_to(user=user)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.get_serializer_class().Meta.model.objects.none()
        return self.visible(self.request.user)

    def _fresh(self, pk, status: int = 200) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data, status=status)

    def _created(self, request, serializer_class, service) -> Response:
        """``POST``: a logged-in user's ``service(actor=, **body)``; 201 with the new row."""
        if not request.user.is_authenticated:
            self.permission_denied(request)
        created = service(actor=request.user, **validated_body(serializer_class, request))
        return self._fresh(created.pk, status=status.HTTP_201_CREATED)


class SkillViewSet(viewsets.ReadOnlyModelViewSet):
    """The skills taxonomy: DigComp 2.2 areas and competences, and the digital-technology engineer tracks."""

    serializer_class = SkillSerializer
    lookup_field = "code"
    lookup_value_regex = "[a-z0-9][a-z0-9._-]*"
    filterset_fields = ["scheme", "kind"]
    ordering = ["scheme", "code"]

    def get_queryset(self):
        return selectors.skills_list()


class CourseViewSet(_VisibleMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Published courses for everyone; a verified provider's editors create them."""

    pagination_class = PublicListPagination

    serializer_class = CourseSerializer
    filterset_class = CourseFilter
    ordering_fields = ["title_zh", "planned_hours", "created_at"]
    ordering = ["title_zh", "id"]

    def visible(self, user):
        return selectors.courses_visible_to(user=user).distinct()

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

    publish = _service_action(
        "publish",
        services.course_publish,
        "course",
        CourseSerializer,
        doc="Publish a draft course (it must name at least one skill).",
    )


class SessionViewSet(_VisibleMixin, viewsets.ReadOnlyModelViewSet):
    """Sessions with seats left; providers create (``POST``), publish (conflicts block) and list conflicts."""

    pagination_class = PublicListPagination

    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    ordering_fields = ["start", "capacity"]
    ordering = ["start", "id"]
    visible_to = staticmethod(selectors.sessions_visible_to)

    def visible(self, user) -> QuerySet:
        return selectors.with_viewer_enrolment(self.visible_to(user=user), user=user)

    @extend_schema(request=SessionWriteSerializer, responses={201: SessionSerializer})
    def create(self, request):
        return self._created(request, SessionWriteSerializer, services.session_create)

    publish = _service_action("publish", services.session_publish, "session", SessionSerializer)

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


class EnrolmentViewSet(_VisibleMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Private: your enrolments, your provider's sessions' enrolments, your organisation's people's, or all
    for the provincial office. ``POST`` enrols you; ``cancel`` and ``approve`` are actions."""

    serializer_class = EnrolmentSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = EnrolmentFilter
    ordering_fields = ["created_at", "waitlist_position"]
    ordering = ["session_id", "created_at", "id"]

    def visible(self, user):
        return selectors.with_waitlist_rank(selectors.enrolments_visible_to(user=user))

    @extend_schema(request=EnrolmentCreateSerializer, responses={201: EnrolmentSerializer})
    @idempotent
    def create(self, request):
        payload = validated_body(EnrolmentCreateSerializer, request)
        session = payload["session"]
        if not selectors.sessions_visible_to(user=request.user).filter(pk=session.pk).exists():
            return Response({"session": [_("No such session.")]}, status=status.HTTP_400_BAD_REQUEST)
        enrolment = services.enrolment_create(
            person=request.user, session=session, organization=payload.get("organization")
        )
        return self._fresh(enrolment.pk, status=201)

    cancel = _service_action("cancel", services.enrolment_cancel, "enrolment", EnrolmentSerializer, authenticated=False)
    approve = _service_action(
        "approve", services.enrolment_approve, "enrolment", EnrolmentSerializer, authenticated=False
    )


class CertificateViewSet(_VisibleMixin, viewsets.ReadOnlyModelViewSet):
    """Certificates you may see (same rule as enrolments); ``verify`` is public by code."""

    serializer_class = CertificateSerializer
    lookup_field = "code"
    ordering = ["-issued_at", "id"]
    visible_to = staticmethod(selectors.certificates_visible_to)

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
        reason = validated_body(TalentReasonSerializer, request)["reason"]
        certificate = services.certificate_revoke(actor=request.user, certificate=self.get_object(), reason=reason)
        return Response(self.get_serializer(certificate).data)


class ExchangeViewSet(_VisibleMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Talent exchanges and secondments; filter by ``home_zone``/``host_zone`` (e.g. south → north), period
    and skill. Names of people are shown only to the parties and the provincial office."""

    serializer_class = ExchangeSerializer
    filterset_class = ExchangeFilter
    ordering_fields = ["start_date", "end_date"]
    ordering = ["-start_date", "id"]
    visible_to = staticmethod(selectors.exchanges_visible_to)

    @extend_schema(request=ExchangeCreateSerializer, responses={201: ExchangeSerializer})
    def create(self, request):
        return self._created(request, ExchangeCreateSerializer, services.exchange_propose)

    approve = _service_action("approve", services.exchange_approve, "exchange", ExchangeSerializer)
    start = _service_action("start", services.exchange_start, "exchange", ExchangeSerializer)
    complete = _service_action("complete", services.exchange_complete, "exchange", ExchangeSerializer, ReportSerializer)
    cancel = _service_action(
        "cancel", services.exchange_cancel, "exchange", ExchangeSerializer, ExchangeCancelSerializer
    )
