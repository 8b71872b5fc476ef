"""API shapes of rewards and vouchers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from funding.models import Grant
from proposals.services import MAX_PRICE


class GrantSerializer(serializers.ModelSerializer):
    grantor_name = serializers.CharField(source="grantor.name", read_only=True)
    grantee_name = serializers.CharField(source="grantee.name", read_only=True)

    class Meta:
        model = Grant
        fields = [
            "id",
            "grantor",
            "grantor_name",
            "grantee",
            "grantee_name",
            "kind",
            "amount",
            "conditions",
            "granted_on",
            "scenario",
            "engagement",
            "status",
            "paid_on",
            "withdrawn_at",
            "withdrawn_reason",
            "created_at",
        ]
        read_only_fields = fields


class GrantCreateSerializer(serializers.Serializer):
    grantor = serializers.IntegerField(help_text=_("Id of your provincial or city office."))
    grantee = serializers.IntegerField(help_text=_("Id of a verified county office or firm."))
    kind = serializers.ChoiceField(choices=Grant.Kind.choices)
    amount = serializers.IntegerField(min_value=1, max_value=MAX_PRICE, help_text=_("Whole CNY."))
    conditions = serializers.CharField(max_length=5000)
    granted_on = serializers.DateField()
    scenario = serializers.IntegerField(required=False, allow_null=True, help_text=_("Id of a published scenario."))
    engagement = serializers.IntegerField(required=False, allow_null=True, help_text=_("Id of an engagement."))


class GrantPaidSerializer(serializers.Serializer):
    paid_on = serializers.DateField()


class GrantWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
