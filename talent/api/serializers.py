from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.validators import validate_web_url
from directory.models import Organization, Region, User
from talent import models
from talent.services import CANCEL_REASON_MAX_LENGTH, COURSE_EDITABLE_FIELDS


class SkillSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    levels = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = models.Skill
        fields = [
            "code",
            "scheme",
            "kind",
            "parent",
            "name_zh",
            "name_en",
            "external_ref",
            "esco_uri",
            "occupation_code",
            "levels",
        ]


class CourseSkillSerializer(serializers.Serializer):
    skill = serializers.SlugRelatedField(
        slug_field="code",
        queryset=models.Skill.objects.all(),
        error_messages={"does_not_exist": _("Unknown skill code “{value}”.")},
    )
    level = serializers.ChoiceField(choices=models.Level.choices)


class CourseSerializer(serializers.ModelSerializer):
    provider = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(kind=Organization.Kind.TRAINING_PROVIDER)
    )
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    skills = CourseSkillSerializer(many=True, source="course_skills", required=False)
    publish = serializers.BooleanField(write_only=True, required=False, default=False)

    class Meta:
        model = models.Course
        fields = ["id", "provider", "provider_name", *COURSE_EDITABLE_FIELDS, "skills", "status", "publish"]
        read_only_fields = ["status"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["skills"] = [{"skill": cs.skill.code, "level": cs.level} for cs in instance.course_skills.all()]
        return data


class VenueSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = models.Venue
        fields = ["id", "region", "region_name", "name", "address", "room_capacity"]


class OccurrenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Occurrence
        fields = ["id", "original_date", "start", "end", "status", "sequence", "note"]


class SessionSerializer(serializers.ModelSerializer):
    course_title = serializers.CharField(source="course.title", read_only=True)
    venue_detail = VenueSerializer(source="venue", read_only=True, allow_null=True)
    seats_left = serializers.SerializerMethodField()
    is_online = serializers.SerializerMethodField()
    registered_count = serializers.IntegerField(read_only=True)
    waitlisted_count = serializers.IntegerField(read_only=True)
    trainers = serializers.SerializerMethodField()

    class Meta:
        model = models.Session
        fields = [
            "id",
            "course",
            "course_title",
            "start",
            "end",
            "venue_detail",
            "is_online",
            "online_url",
            "capacity",
            "registered_count",
            "waitlisted_count",
            "seats_left",
            "registration_opens",
            "registration_closes",
            "repeat_weekdays",
            "repeat_until",
            "repeat_count",
            "quota_zone",
            "quota_seats",
            "quota_until",
            "status",
            "trainers",
        ]
        # Hidden (null) from people who are neither enrolled nor the provider.
        extra_kwargs = {"online_url": {"allow_null": True}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # The meeting link is for participants and the provider, the same rule as the session page's.
        request = self.context.get("request")
        if request is None or not request.user.has_perm("talent.read_meeting_link", instance):
            data["online_url"] = None if instance.online_url else ""
        return data

    def get_is_online(self, obj) -> bool:
        return bool(obj.online_url)

    def get_seats_left(self, obj) -> int:
        return max(obj.capacity - getattr(obj, "registered_count", 0), 0)

    def get_trainers(self, obj) -> list[str]:
        # Trainers are named publicly on the course page, by display name only (no e-mail).
        return [str(trainer) for trainer in obj.trainers.all()]


class SessionWriteSerializer(serializers.Serializer):
    course = serializers.PrimaryKeyRelatedField(queryset=models.Course.objects.all())
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    venue = serializers.PrimaryKeyRelatedField(queryset=models.Venue.objects.all(), required=False, allow_null=True)
    online_url = serializers.URLField(required=False, allow_blank=True, default="", validators=[validate_web_url])
    capacity = serializers.IntegerField(min_value=1, max_value=10000)
    registration_opens = serializers.DateTimeField(required=False, allow_null=True)
    registration_closes = serializers.DateTimeField()
    trainers = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True, required=False)
    repeat_weekdays = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    repeat_until = serializers.DateField(required=False, allow_null=True)
    repeat_count = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=104)
    quota_zone = serializers.ChoiceField(
        choices=Region.Zone.choices, required=False, allow_blank=True, default="", help_text="Seats held for this zone."
    )
    quota_seats = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=10000)
    quota_until = serializers.DateTimeField(required=False, allow_null=True, default=None)
    publish = serializers.BooleanField(required=False, default=False)


class EnrolmentSerializer(serializers.ModelSerializer):
    person = serializers.SerializerMethodField()
    course_title = serializers.CharField(source="session.course.title", read_only=True)
    certificate_code = serializers.SerializerMethodField()
    waitlist_position = serializers.SerializerMethodField(
        help_text="1 for the next person to get a seat (the rank the page shows); null unless waitlisted."
    )

    class Meta:
        model = models.Enrolment
        fields = [
            "id",
            "session",
            "course_title",
            "person",
            "organization",
            "status",
            "waitlist_position",
            "assessment_passed",
            "created_at",
            "certificate_code",
        ]
        read_only_fields = fields

    def get_person(self, obj) -> dict:
        # Only the display name and id, never e-mail; the queryset is already limited to permitted viewers.
        return {"id": obj.person_id, "display_name": str(obj.person)}

    def get_waitlist_position(self, obj) -> int | None:
        # The rank among those still waiting, annotated by the view's queryset (selectors.with_waitlist_rank).
        return obj.waitlist_rank if obj.status == models.Enrolment.Status.WAITLISTED else None

    def get_certificate_code(self, obj) -> str | None:
        certificate = getattr(obj, "certificate", None)
        return certificate.code if certificate else None


class EnrolmentCreateSerializer(serializers.Serializer):
    session = serializers.PrimaryKeyRelatedField(queryset=models.Session.objects.all())
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )


class CertificateSerializer(serializers.ModelSerializer):
    course_title = serializers.CharField(source="enrolment.session.course.title", read_only=True)
    provider = serializers.CharField(source="enrolment.session.course.provider.name", read_only=True)
    holder = serializers.CharField(source="enrolment.person", read_only=True)
    valid = serializers.BooleanField(source="is_valid", read_only=True)
    hours = serializers.DecimalField(
        max_digits=6, decimal_places=2, coerce_to_string=False, read_only=True, help_text="Attended hours."
    )

    class Meta:
        model = models.Certificate
        fields = [
            "code",
            "course_title",
            "provider",
            "holder",
            "hours",
            "issued_at",
            "valid",
            "revoked_at",
            "revoked_reason",
        ]


class TalentReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ExchangeCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=CANCEL_REASON_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="Optional; told to the person and both organisations' admins and shown to the parties.",
    )


class ExchangeSerializer(serializers.ModelSerializer):
    person = serializers.SerializerMethodField()
    cancel_reason = serializers.SerializerMethodField()
    home_organization_name = serializers.CharField(source="home_organization.name", read_only=True)
    host_organization_name = serializers.CharField(source="host_organization.name", read_only=True)
    home_region = serializers.CharField(source="home_region_id", read_only=True)
    host_region = serializers.CharField(source="host_region_id", read_only=True)
    home_zone = serializers.CharField(source="home_region.zone", read_only=True)
    host_zone = serializers.CharField(source="host_region.zone", read_only=True)
    skills = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = models.Exchange
        fields = [
            "id",
            "kind",
            "person",
            "home_organization",
            "home_organization_name",
            "home_region",
            "home_zone",
            "host_organization",
            "host_organization_name",
            "host_region",
            "host_zone",
            "start_date",
            "end_date",
            "role",
            "goals",
            "skills",
            "related_scenario_url",
            "status",
            "home_approved_at",
            "host_approved_at",
            "report",
            "ended_on",
            "early_end_reason",
            "credited_hours",
            "certificate_code",
            "cancel_reason",
        ]
        read_only_fields = fields

    def _reader_may_see(self, obj) -> bool:
        request = self.context.get("request")
        return request is not None and request.user.has_perm("talent.read_exchange", obj)

    def get_person(self, obj) -> str | None:
        """The person's display name only for the parties and the provincial office."""
        return str(obj.person) if self._reader_may_see(obj) else None

    def get_cancel_reason(self, obj) -> str:
        """Why it was cancelled (empty if no reason was given), only for the parties and the provincial office."""
        return obj.cancel_reason if self._reader_may_see(obj) else ""


class ExchangeCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=models.Exchange.Kind.choices, default=models.Exchange.Kind.EXCHANGE)
    person = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    home_organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    host_organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    role = serializers.CharField(max_length=200)
    goals = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    skills = serializers.SlugRelatedField(
        slug_field="code", queryset=models.Skill.objects.all(), many=True, required=False
    )
    related_scenario_url = serializers.URLField(
        required=False, allow_blank=True, default="", validators=[validate_web_url]
    )


class ReportSerializer(serializers.Serializer):
    report = serializers.CharField(max_length=10000)
    hours = serializers.IntegerField(min_value=1, max_value=5000, help_text="Hours credited to the person.")
    early_end_reason = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", help_text="Required before the end date."
    )
