import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Notification
from directory import services
from directory.models import Membership, Organization
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, region

VALID_CODE = "91440300708461136T"


@pytest.mark.django_db
def test_signup_create_verify_join_approve_flow(pat):
    founder = UserFactory(username="founder")
    organization = services.organization_create(
        user=founder, kind="firm", region=region("320505"), name_zh="苏州测试科技有限公司", credit_code=VALID_CODE
    )
    assert organization.verification_status == "pending"
    assert not organization.can_publish
    assert organization.memberships.get().role == "admin"

    services.organization_verify(organization=organization, actor=pat)
    organization.refresh_from_db()
    assert (organization.verification_status, organization.verified_by) == ("verified", pat)
    assert organization.verified_at is not None
    assert organization.can_publish

    newcomer = UserFactory(username="newcomer")
    request = services.membership_request(user=newcomer, organization=organization, message="我是新同事")
    assert request.status == "pending"
    services.membership_approve(membership=request, actor=founder, role="editor")
    request.refresh_from_db()
    assert (request.status, request.role, request.decided_by) == ("active", "editor", founder)


@pytest.mark.django_db
def test_create_firm_with_wrong_credit_code_names_the_field():
    user = UserFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.organization_create(
            user=user, kind="firm", region=region("320505"), name_zh="错误代码公司", credit_code="91440300708461136A"
        )
    assert "credit_code" in excinfo.value.message_dict
    assert not Organization.objects.filter(name_zh="错误代码公司").exists()
    assert not Membership.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_create_firm_without_credit_code_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        services.organization_create(user=UserFactory(), kind="firm", region=region("320505"), name_zh="无代码公司")
    assert "credit_code" in excinfo.value.message_dict


@pytest.mark.django_db
def test_duplicate_credit_code_is_refused_with_a_message():
    OrganizationFactory(firm=True, credit_code=VALID_CODE)
    with pytest.raises(ValidationError) as excinfo:
        services.organization_create(
            user=UserFactory(), kind="firm", region=region("320505"), name_zh="重复公司", credit_code=VALID_CODE.lower()
        )
    assert "credit_code" in excinfo.value.message_dict


@pytest.mark.django_db
def test_county_office_on_a_city_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        services.organization_create(
            user=UserFactory(), kind="county_office", region=region("320500"), name_zh="苏州市局"
        )
    assert "region" in excinfo.value.message_dict


@pytest.mark.django_db
def test_provincial_office_must_sit_on_the_province():
    with pytest.raises(ValidationError):
        services.organization_create(
            user=UserFactory(), kind="provincial_office", region=region("320583"), name_zh="假省厅"
        )


@pytest.mark.django_db
@pytest.mark.parametrize(("name_zh", "name_en"), [("", ""), ("   ", ""), ("\u3000", "  ")])
def test_organization_needs_a_real_name(name_zh, name_en):
    with pytest.raises(ValidationError):
        services.organization_create(
            user=UserFactory(), kind="county_office", region=region("320583"), name_zh=name_zh, name_en=name_en
        )
    assert Organization.objects.count() == 0


@pytest.mark.django_db
def test_over_long_name_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        services.organization_create(
            user=UserFactory(), kind="county_office", region=region("320583"), name_zh="长" * 121
        )
    assert "name_zh" in excinfo.value.message_dict


@pytest.mark.django_db
def test_join_twice_is_refused(county, bob):
    with pytest.raises(ValidationError, match="already a member"):
        services.membership_request(user=bob, organization=county)
    newcomer = UserFactory()
    services.membership_request(user=newcomer, organization=county)
    with pytest.raises(ValidationError, match="already asked"):
        services.membership_request(user=newcomer, organization=county)
    assert Membership.objects.filter(user=newcomer).count() == 1


@pytest.mark.django_db
def test_joining_a_rejected_organisation_is_refused():
    rejected = OrganizationFactory(verification_status="rejected")
    with pytest.raises(ValidationError, match="rejected"):
        services.membership_request(user=UserFactory(), organization=rejected)


@pytest.mark.django_db
def test_only_provincial_staff_verify(county, alice, dave, pat):
    pending = OrganizationFactory(pending=True)
    for outsider in (alice, dave):
        with pytest.raises(PermissionDenied):
            services.organization_verify(organization=pending, actor=outsider)
    pending.refresh_from_db()
    assert pending.verification_status == "pending"
    services.organization_reject(organization=pending, actor=pat, reason="营业执照不清晰")
    pending.refresh_from_db()
    assert (pending.verification_status, pending.verification_reason) == ("rejected", "营业执照不清晰")


@pytest.mark.django_db
def test_reject_needs_a_reason(pat):
    pending = OrganizationFactory(pending=True)
    with pytest.raises(ValidationError):
        services.organization_reject(organization=pending, actor=pat, reason="  ")


@pytest.mark.django_db
def test_staff_of_an_unverified_provincial_office_cannot_verify():
    fake = OrganizationFactory(provincial=True, pending=True)
    impostor = UserFactory()
    MembershipFactory(user=impostor, organization=fake, role="admin")
    with pytest.raises(PermissionDenied):
        services.organization_verify(organization=OrganizationFactory(pending=True), actor=impostor)


@pytest.mark.django_db
def test_last_admin_cannot_leave_or_be_demoted(county, alice):
    membership = Membership.objects.get(user=alice, organization=county)
    with pytest.raises(ValidationError, match="at least one administrator"):
        services.membership_remove(membership=membership, actor=alice)
    with pytest.raises(ValidationError, match="at least one administrator"):
        services.membership_change_role(membership=membership, actor=alice, role="viewer")


@pytest.mark.django_db
def test_changing_credit_code_sends_a_verified_firm_back_to_verification(firm, dave):
    services.organization_update(organization=firm, actor=dave, credit_code=VALID_CODE)
    firm.refresh_from_db()
    assert firm.verification_status == "pending"


@pytest.mark.django_db
def test_editing_contact_keeps_verification(firm, dave):
    services.organization_update(organization=firm, actor=dave, contact_phone="0512-12345678")
    firm.refresh_from_db()
    assert (firm.verification_status, firm.contact_phone) == ("verified", "0512-12345678")


def _read(client, user, language):
    client.force_login(user)
    client.cookies["django_language"] = language
    return client.get("/notifications/").content.decode()


def test_a_member_is_told_when_an_admin_changes_their_role_or_removes_them(client, county, alice, bob):
    """Approving or declining a request tells the person; so do the two later decisions about them. The
    organisation and the role are worded in the reader's language."""
    membership = Membership.objects.get(user=bob, organization=county)
    services.membership_change_role(membership=membership, actor=alice, role=Membership.Role.EDITOR)
    [told] = Notification.objects.filter(user=bob)
    assert told.kind == "membership_change"
    assert "Your role in Kunshan Data Bureau is now: editor" in _read(client, bob, "en")
    assert "您在昆山市数据局的角色已改为：编辑" in _read(client, bob, "zh-hans")

    services.membership_change_role(membership=membership, actor=alice, role=Membership.Role.EDITOR)
    assert Notification.objects.filter(user=bob).count() == 1  # the same role again changes nothing

    services.membership_remove(membership=membership, actor=alice)
    assert "You were removed from Kunshan Data Bureau" in _read(client, bob, "en")
    assert Notification.objects.filter(user=bob, kind="membership_change").count() == 2
    assert not Notification.objects.filter(user=alice).exists()


def test_a_member_who_leaves_is_not_told_and_nor_is_anyone_else(county, alice, bob):
    services.membership_remove(membership=Membership.objects.get(user=bob, organization=county), actor=bob)
    assert not Notification.objects.exists()
