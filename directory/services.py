"""Writes in the directory. Views, the API, admin and commands call these; they never save models directly."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import StateConflict
from core.notifications import bilingual_params, notify
from directory import notifications as messages
from directory.models import Membership, Organization, Region, User
from directory.selectors import admins_of, clear_affiliations, provincial_staff_users
from directory.validators import normalize_credit_code

ORGANIZATION_EDITABLE_FIELDS = Organization.EDITABLE_FIELDS
# What the provincial office checked when it verified the organisation: who it is and where it acts. A change
# to any of these sends a verified organisation back to verification.
IDENTITY_FIELDS = ("kind", "name_zh", "name_en", "region", "credit_code")


def _validate_region_for_kind(*, kind: str, region: Region) -> None:
    if kind == Organization.Kind.COUNTY_OFFICE and region.level != Region.Level.COUNTY:
        raise ValidationError(
            {
                "region": _(
                    "A county office must be placed in a county-level region (district, county or "
                    "county-level city), not in %(name)s."
                )
                % {"name": region.name}
            }
        )
    if kind == Organization.Kind.CITY_OFFICE and region.level != Region.Level.CITY:
        raise ValidationError({"region": _("A city office must be placed in a prefecture-level city.")})
    if kind == Organization.Kind.PROVINCIAL_OFFICE and region.level != Region.Level.PROVINCE:
        raise ValidationError({"region": _("A provincial office must be placed in the province.")})


def _clean_and_save(organization: Organization) -> Organization:
    for field in ("name_zh", "name_en", "contact_name", "contact_phone", "description"):
        setattr(organization, field, (getattr(organization, field) or "").strip())
    if organization.credit_code:
        organization.credit_code = normalize_credit_code(organization.credit_code)
    errors: dict[str, list[str]] = {}
    if not organization.name_zh and not organization.name_en:
        errors["name_zh"] = [_("Give the organisation a name in Chinese or in English.")]
    if organization.kind == Organization.Kind.FIRM and not organization.credit_code:
        errors["credit_code"] = [_("A firm must give its 18-character unified social credit code.")]
    if errors:
        raise ValidationError(errors)
    _validate_region_for_kind(kind=organization.kind, region=organization.region)
    organization.full_clean(validate_constraints=False)
    duplicate = Organization.objects.filter(credit_code=organization.credit_code).exclude(pk=organization.pk)
    if organization.credit_code and duplicate.exists():
        raise ValidationError(
            {"credit_code": _("An organisation with this unified social credit code is already registered.")}
        )
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError:
        raise ValidationError(
            {"credit_code": _("An organisation with this unified social credit code is already registered.")}
        ) from None
    return organization


@transaction.atomic
def organization_create(*, user: User, kind: str, region: Region, **fields) -> Organization:
    """Register an organisation, pending verification; its creator becomes its first administrator."""
    unknown = set(fields) - set(ORGANIZATION_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    organization = Organization(kind=kind, region=region, created_by=user, **fields)
    _clean_and_save(organization)
    Membership.objects.create(
        user=user,
        organization=organization,
        role=Membership.Role.ADMIN,
        status=Membership.Status.ACTIVE,
        decided_by=user,
        decided_at=timezone.now(),
    )
    clear_affiliations(user)
    return organization


def _identity(organization: Organization) -> tuple:
    return (
        organization.kind,
        (organization.name_zh or "").strip(),
        (organization.name_en or "").strip(),
        organization.region_id,
        normalize_credit_code(organization.credit_code) if organization.credit_code else "",
    )


def _details(organization: Organization) -> tuple:
    return tuple(
        value.strip() if isinstance(value, str) else value
        for value in (
            getattr(organization, f"{name}_id" if name == "region" else name) for name in ORGANIZATION_EDITABLE_FIELDS
        )
    )


@transaction.atomic
def organization_update(*, organization: Organization, actor: User, **fields) -> Organization:
    """Edit an organisation. A verified organisation whose name, region, kind or credit code changes goes back
    to verification (it may not publish until the provincial office has checked it again, and the office is
    told); so does a rejected one whose details change (its admins put right what the rejection named; the
    rejection's reason stays until the office decides again). The provincial office's own identity is changed
    only by a superuser, since nobody else could verify it again."""
    if not actor.has_perm("directory.edit_organization", organization):
        raise PermissionDenied(_("Only the organisation's administrators can edit it."))
    unknown = set(fields) - set(ORGANIZATION_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    organization = Organization.objects.select_for_update().select_related("region").get(pk=organization.pk)
    before, details_before = _identity(organization), _details(organization)
    for field, value in fields.items():
        setattr(organization, field, value)
    status = organization.verification_status
    if status == Organization.Verification.VERIFIED:
        send_back = _identity(organization) != before
    else:
        send_back = status == Organization.Verification.REJECTED and _details(organization) != details_before
    send_back = send_back and not actor.is_superuser
    if send_back and organization.kind == Organization.Kind.PROVINCIAL_OFFICE:
        raise PermissionDenied(_("Only a site administrator changes the provincial office's name or region."))
    if send_back:
        organization.verification_status = Organization.Verification.PENDING
        organization.verified_by = None
        organization.verified_at = None
        if status == Organization.Verification.VERIFIED:
            organization.verification_reason = ""
    _clean_and_save(organization)
    if send_back:
        # The members' cached facts say "verified" (or "rejected"); this request must not act on them.
        clear_affiliations(actor)
        notify(
            users=provincial_staff_users(),
            kind="organization_review",
            message=messages.REVERIFY if status == Organization.Verification.VERIFIED else messages.RESUBMITTED,
            params={"name": organization.name, "organization": organization.pk},
            url=reverse("directory:organization-detail", args=[organization.pk]),
        )
    return organization


def _decide_verification(*, organization: Organization, actor: User, status: str, reason: str) -> Organization:
    if not actor.has_perm("directory.verify_organization"):
        raise PermissionDenied(_("Only members of the provincial office can verify organisations."))
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    organization.verification_status = status
    organization.verified_by = actor
    organization.verified_at = timezone.now()
    organization.verification_reason = reason.strip()
    organization.save(
        update_fields=[
            "verification_status",
            "verified_by",
            "verified_at",
            "verification_reason",
            "updated_at",
        ]
    )
    verified = status == Organization.Verification.VERIFIED
    notify(
        users=admins_of(organization),
        kind="organization_verification",
        message=messages.VERIFIED if verified else messages.REJECTED,
        params={"name": organization.name, "organization": organization.pk},
        body=organization.verification_reason,
        url=reverse("directory:organization-detail", args=[organization.pk]),
    )
    return organization


@transaction.atomic
def organization_verify(*, organization: Organization, actor: User, reason: str = "") -> Organization:
    return _decide_verification(
        organization=organization, actor=actor, status=Organization.Verification.VERIFIED, reason=reason
    )


@transaction.atomic
def organization_reject(*, organization: Organization, actor: User, reason: str) -> Organization:
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("Say why the organisation is rejected, so it can put things right.")})
    return _decide_verification(
        organization=organization, actor=actor, status=Organization.Verification.REJECTED, reason=reason
    )


@transaction.atomic
def membership_request(*, user: User, organization: Organization, message: str = "") -> Membership:
    """Ask to join an organisation; an administrator of it approves or declines."""
    if organization.verification_status == Organization.Verification.REJECTED:
        raise StateConflict(_("This organisation's registration was rejected; it cannot take new members."))
    existing = Membership.objects.filter(user=user, organization=organization).first()
    if existing is not None:
        if existing.is_active:
            raise StateConflict(_("You are already a member of this organisation."))
        raise StateConflict(_("You have already asked to join this organisation; an administrator will decide."))
    try:
        with transaction.atomic():
            membership = Membership.objects.create(user=user, organization=organization, message=message.strip())
    except IntegrityError:
        raise StateConflict(
            _("You have already asked to join this organisation; an administrator will decide.")
        ) from None
    notify(
        users=admins_of(organization),
        kind="membership_request",
        message=messages.MEMBERSHIP_REQUEST,
        params={"user": str(user), "org": organization.name, "organization": organization.pk},
        body=membership.message,
        url=reverse("directory:my-organizations"),
    )
    return membership


def _require_manager(actor: User, organization: Organization) -> None:
    if not actor.has_perm("directory.manage_members", organization):
        raise PermissionDenied(_("Only the organisation's administrators can manage its members."))


@transaction.atomic
def membership_approve(*, membership: Membership, actor: User, role: str = Membership.Role.VIEWER) -> Membership:
    _require_manager(actor, membership.organization)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.is_active:
        raise StateConflict(_("This request has already been approved."))
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a role: administrator, editor or viewer.")})
    membership.status = Membership.Status.ACTIVE
    membership.role = role
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "role", "decided_by", "decided_at"])
    clear_affiliations(membership.user)
    notify(
        users=[membership.user],
        kind="membership_decision",
        message=messages.MEMBERSHIP_APPROVED,
        params={"org": membership.organization.name, "organization": membership.organization_id},
        url=reverse("directory:organization-detail", args=[membership.organization_id]),
    )
    return membership


@transaction.atomic
def membership_decline(*, membership: Membership, actor: User) -> None:
    _require_manager(actor, membership.organization)
    if membership.is_active:
        raise StateConflict(_("Only pending requests can be declined; remove the member instead."))
    membership.delete()
    notify(
        users=[membership.user],
        kind="membership_decision",
        message=messages.MEMBERSHIP_DECLINED,
        params={"org": membership.organization.name, "organization": membership.organization_id},
    )


def _ensure_another_admin_remains(membership: Membership) -> None:
    others = (
        Membership.objects.active()
        .filter(organization_id=membership.organization_id, role=Membership.Role.ADMIN)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise StateConflict(_("An organisation needs at least one administrator; appoint another one first."))


@transaction.atomic
def membership_change_role(*, membership: Membership, actor: User, role: str) -> Membership:
    _require_manager(actor, membership.organization)
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a role: administrator, editor or viewer.")})
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        raise StateConflict(_("Approve the request before changing its role."))
    if membership.role == Membership.Role.ADMIN and role != Membership.Role.ADMIN:
        _ensure_another_admin_remains(membership)
    changed = membership.role != role
    membership.role = role
    membership.save(update_fields=["role"])
    clear_affiliations(membership.user)
    if changed:
        _tell_member(membership, messages.MEMBERSHIP_ROLE_CHANGED, role_code=role)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User) -> None:
    """An administrator removes a member, or a member leaves."""
    if actor.pk != membership.user_id:
        _require_manager(actor, membership.organization)
    if membership.is_active and membership.role == Membership.Role.ADMIN:
        _ensure_another_admin_remains(membership)
    membership.delete()
    clear_affiliations(membership.user)
    if actor.pk != membership.user_id and membership.is_active:
        _tell_member(membership, messages.MEMBERSHIP_REMOVED)


def _tell_member(membership: Membership, message, **params) -> None:
    """Tell a member what an administrator decided about them, in the member's language."""
    notify(
        users=[membership.user],
        kind="membership_change",
        message=message,
        params={
            **bilingual_params("org", membership.organization),
            "organization": membership.organization_id,
            **params,
        },
        url=reverse("directory:organization-detail", args=[membership.organization_id]),
    )


def user_set_language(*, user: User, language: str) -> bool:
    """Remember the language a person chose on the site: their e-mails are written in it. False when the
    language is not one of the site's (nothing is saved)."""
    if language not in dict(settings.LANGUAGES):
        return False
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return True
