from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.text import clean_typed_text, normalize_text
from directory.models import Membership, Organization, Region, User


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent_id", read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = ["code", "name_zh", "name_en", "level", "kind", "parent", "zone", "population"]


class RegionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name_zh", "name_en", "level", "zone"]


class OrganizationSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.all(),
        error_messages={
            "does_not_exist": _("Unknown region code “{value}”."),
            "invalid": _("Give a region code."),
        },
    )
    region_detail = RegionBriefSerializer(source="region", read_only=True)
    member_count = serializers.IntegerField(read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:organization-detail")

    class Meta:
        model = Organization
        fields = [
            "id",
            "url",
            "kind",
            *Organization.EDITABLE_FIELDS,
            "region_detail",
            "verification_status",
            "verified_at",
            "member_count",
            "created_at",
        ]
        read_only_fields = ["verification_status", "verified_at", "created_at"]
        # Uniqueness and the firm/credit-code rule are checked by the service with clear messages.
        validators = []

    def validate(self, attrs):
        for field in ("name_zh", "name_en", "contact_name", "description"):
            if attrs.get(field):
                if not normalize_text(attrs[field]):
                    raise serializers.ValidationError({field: _("This field cannot be only spaces.")})
                attrs[field] = clean_typed_text(attrs[field])
        return attrs

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["kind"].read_only = True
        return fields


class OrganizationVerificationSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class OrganizationRejectionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Why the registration is rejected (shown to it).")


class UserBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "display_name"]


class MembershipSerializer(serializers.ModelSerializer):
    user = UserBriefSerializer(read_only=True)
    organization = serializers.PrimaryKeyRelatedField(read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "user",
            "organization",
            "organization_name",
            "role",
            "status",
            "message",
            "created_at",
            "decided_at",
        ]
        read_only_fields = ["status", "message", "created_at", "decided_at"]


class MembershipRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class JoinRequestSerializer(serializers.Serializer):
    # Not trimmed here (the service strips it), so 501 spaces are too long, as the schema says.
    message = serializers.CharField(required=False, allow_blank=True, max_length=500, default="", trim_whitespace=False)
