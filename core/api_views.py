from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import notifications
from core.models import Notification, NotificationPreference
from core.parsers import JSONParser


class NotificationSerializer(serializers.ModelSerializer):
    """``title`` and ``body`` in the request's language (Accept-Language or the language cookie); ``code`` and
    ``params`` say what happened, for clients that word it themselves (``code`` is empty for old rows)."""

    title = serializers.CharField(source="display_title", read_only=True)
    body = serializers.CharField(source="display_body", read_only=True)
    params = serializers.JSONField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "code", "params", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


class NotificationPreferenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[])
    label = serializers.CharField(read_only=True)
    delivery = serializers.ChoiceField(choices=NotificationPreference.Delivery.choices)

    def get_fields(self):
        fields = super().get_fields()
        # The kinds the apps registered (core.notifications), so the schema lists them as an enum.
        fields["kind"].choices = [(kind.code, str(kind.label)) for kind in notifications.kinds()]
        return fields


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your own notifications, newest first; ``?unread=true`` for unread ones."""

    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["kind"]
    ordering_fields = ["created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        queryset = Notification.objects.filter(user=self.request.user)
        if self.request.query_params.get("unread") in ("1", "true"):
            queryset = queryset.unread()
        return queryset

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notifications.mark_read(user=request.user, ids=[self.get_object().pk])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={204: None})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        notifications.mark_read(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=NotificationPreferenceSerializer(many=True), responses=NotificationPreferenceSerializer(many=True)
    )
    # A JSON list only (a form body cannot carry one); no filters (this is not the notification list).
    @action(
        detail=False, methods=["get", "put"], pagination_class=None, filter_backends=[], parser_classes=[JSONParser]
    )
    def preferences(self, request):
        """Delivery per kind: ``immediate``, ``digest`` or ``none`` (centre only)."""
        if request.method == "PUT":
            payload = NotificationPreferenceSerializer(data=request.data, many=True)
            payload.is_valid(raise_exception=True)
            for item in payload.validated_data:
                notifications.set_preference(user=request.user, kind=item["kind"], delivery=item["delivery"])
        chosen = dict(NotificationPreference.objects.filter(user=request.user).values_list("kind", "delivery"))
        data = [
            {"kind": kind.code, "label": str(kind.label), "delivery": chosen.get(kind.code, "immediate")}
            for kind in notifications.kinds()
        ]
        return Response(data)
