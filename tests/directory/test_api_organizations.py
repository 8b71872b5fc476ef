import pytest
from rest_framework.authtoken.models import Token

from directory.models import Membership, Organization
from tests.factories import OrganizationFactory, UserFactory, region

URL = "/api/v1/organizations/"
VALID_CODE = "91440300708461136T"


def firm_payload(**overrides):
    payload = {
        "kind": "firm",
        "name_zh": "南通海智数据科技有限公司",
        "name_en": "Nantong Haizhi Data",
        "region": "320612",
        "credit_code": VALID_CODE,
    }
    payload.update(overrides)
    return payload


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 3])
def test_list_query_count_is_flat(api_client, django_assert_num_queries, n):
    OrganizationFactory.create_batch(n)
    with django_assert_num_queries(2):
        body = api_client.get(URL).json()
    assert body["count"] == n
    assert body["results"][0]["region_detail"]["code"] == "320583"


@pytest.mark.django_db
def test_filter_by_kind_region_with_descendants_and_verification(api_client):
    suzhou_firm = OrganizationFactory(firm=True, region=region("320505"))
    OrganizationFactory(firm=True, region=region("320311"))  # Xuzhou
    OrganizationFactory(pending=True, region=region("320583"))
    ids = lambda params: sorted(o["id"] for o in api_client.get(URL, params).json()["results"])
    assert ids({"kind": "firm", "region": "320500"}) == [suzhou_firm.id]
    assert len(ids({"region": "320000"})) == 3
    assert len(ids({"verification": "pending"})) == 1
    assert len(ids({"zone": "north"})) == 1


@pytest.mark.django_db
def test_filter_by_unknown_region_code_is_400(api_client):
    response = api_client.get(URL, {"region": "999999"})
    assert response.status_code == 400
    assert "999999" in response.json()["region"][0]


@pytest.mark.django_db
def test_anonymous_cannot_create(api_client):
    assert api_client.post(URL, firm_payload(), format="json").status_code in (401, 403)
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_signed_in_user_creates_a_pending_organisation_and_becomes_admin(api_as, mallory):
    response = api_as(mallory).post(URL, firm_payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["verification_status"], body["member_count"], body["region"]) == ("pending", 1, "320612")
    membership = Membership.objects.get(user=mallory)
    assert (membership.role, membership.status) == ("admin", "active")


@pytest.mark.django_db
def test_client_cannot_self_verify_on_create(api_as, mallory):
    response = api_as(mallory).post(URL, firm_payload(verification_status="verified"), format="json")
    assert response.status_code == 201
    assert Organization.objects.get().verification_status == "pending"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"credit_code": "91440300708461136A"}, "credit_code"),
        ({"credit_code": ""}, "credit_code"),
        ({"region": "999999"}, "region"),
        ({"kind": "county_office", "region": "320500", "credit_code": ""}, "region"),
        ({"name_zh": "   ", "name_en": ""}, "name_zh"),
        ({"name_zh": "长" * 121}, "name_zh"),
        ({"kind": "spaceship"}, "kind"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api_as, mallory, overrides, field):
    response = api_as(mallory).post(URL, firm_payload(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Organization.objects.exists()
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_malformed_json_is_a_400(api_as, mallory):
    response = api_as(mallory).post(URL, data='{"kind": "firm",', content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


@pytest.mark.django_db
def test_duplicate_credit_code_is_a_400(api_as, mallory):
    OrganizationFactory(firm=True, credit_code=VALID_CODE)
    response = api_as(mallory).post(URL, firm_payload(), format="json")
    assert response.status_code == 400
    assert "credit_code" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "status"), [("alice", 200), ("bob", 403), ("charlie", 403), ("pat", 403), (None, 401)]
)
def test_update_matrix(api_as, county, alice, bob, charlie, pat, actor, status):
    users = {"alice": alice, "bob": bob, "charlie": charlie, "pat": pat, None: None}
    response = api_as(users[actor]).patch(f"{URL}{county.pk}/", {"contact_name": "新联系人"}, format="json")
    assert response.status_code == status
    county.refresh_from_db()
    assert (county.contact_name == "新联系人") is (status == 200)


@pytest.mark.django_db
def test_kind_cannot_be_changed_by_update(api_as, county, alice):
    api_as(alice).patch(f"{URL}{county.pk}/", {"kind": "firm"}, format="json")
    county.refresh_from_db()
    assert county.kind == "county_office"


@pytest.mark.django_db
@pytest.mark.parametrize(("actor", "status"), [("pat", 200), ("alice", 403), ("mallory", 403)])
def test_verify_matrix(api_as, pat, alice, mallory, actor, status):
    pending = OrganizationFactory(pending=True)
    users = {"pat": pat, "alice": alice, "mallory": mallory}
    response = api_as(users[actor]).post(f"{URL}{pending.pk}/verify/", {}, format="json")
    assert response.status_code == status
    pending.refresh_from_db()
    assert pending.is_verified is (status == 200)


@pytest.mark.django_db
def test_reject_without_reason_is_400(api_as, pat):
    pending = OrganizationFactory(pending=True)
    response = api_as(pat).post(f"{URL}{pending.pk}/reject/", {"reason": ""}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()


@pytest.mark.django_db
def test_join_then_admin_approves_via_api(api_as, county, alice, mallory):
    response = api_as(mallory).post(f"{URL}{county.pk}/join/", {"message": "请批准"}, format="json")
    assert response.status_code == 201
    membership_id = response.json()["id"]
    again = api_as(mallory).post(f"{URL}{county.pk}/join/", {}, format="json")
    assert again.status_code == 409
    assert api_as(mallory).post(f"/api/v1/memberships/{membership_id}/approve/", {"role": "admin"}).status_code == 403
    approved = api_as(alice).post(f"/api/v1/memberships/{membership_id}/approve/", {"role": "editor"}, format="json")
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["role"]) == ("active", "editor")


@pytest.mark.django_db
def test_join_rejected_organisation_is_409(api_as, mallory):
    rejected = OrganizationFactory(verification_status="rejected")
    response = api_as(mallory).post(f"{URL}{rejected.pk}/join/", {}, format="json")
    assert response.status_code == 409
    assert "rejected" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(("actor", "status"), [("alice", 200), ("bob", 200), ("charlie", 403), ("pat", 200)])
def test_members_visible_to_members_and_province_only(api_as, county, alice, bob, charlie, pat, actor, status):
    users = {"alice": alice, "bob": bob, "charlie": charlie, "pat": pat}
    response = api_as(users[actor]).get(f"{URL}{county.pk}/members/")
    assert response.status_code == status
    if status == 200:
        assert sorted(m["user"]["username"] for m in response.json()["results"]) == ["alice", "bob"]
    else:
        assert "bob" not in response.content.decode()


@pytest.mark.django_db
def test_memberships_endpoint_shows_only_own_and_administered(api_as, county, alice, bob, charlie):
    usernames = lambda user: sorted(
        m["user"]["username"] for m in api_as(user).get("/api/v1/memberships/").json()["results"]
    )
    assert usernames(alice) == ["alice", "bob"]
    assert usernames(bob) == ["bob"]
    assert usernames(charlie) == ["charlie"]


@pytest.mark.django_db
def test_token_login_and_token_auth(api_client):
    user = UserFactory(username="tokenuser")
    response = api_client.post("/api/v1/auth/token/", {"username": "tokenuser", "password": "correct-horse-battery"})
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=user).key == token
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/memberships/").status_code == 200


@pytest.mark.django_db
def test_token_login_with_wrong_password_is_401_and_a_missing_field_400(api_client):
    UserFactory(username="tokenuser")
    response = api_client.post("/api/v1/auth/token/", {"username": "tokenuser", "password": "nope"})
    assert response.status_code == 401
    assert response.json() == {"detail": "Unable to sign in with these credentials."}
    assert response["WWW-Authenticate"] == "Token"
    assert api_client.post("/api/v1/auth/token/", {"username": "tokenuser"}).status_code == 400


@pytest.mark.django_db
def test_token_endpoint_is_throttled(api_client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth-token": "3/min"}}
    from rest_framework.throttling import ScopedRateThrottle

    ScopedRateThrottle.THROTTLE_RATES = {"auth-token": "3/min"}
    try:
        codes = [
            api_client.post("/api/v1/auth/token/", {"username": "x", "password": "y"}).status_code for _ in range(4)
        ]
    finally:
        from rest_framework.settings import api_settings

        ScopedRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        cache.clear()
    assert codes == [401, 401, 401, 429]


@pytest.mark.django_db
def test_rejection_reason_is_not_in_the_public_api(api_client, pat):
    from directory import services

    pending = OrganizationFactory(pending=True)
    services.organization_reject(organization=pending, actor=pat, reason="法人身份证号与执照不符")
    assert "法人身份证号" not in api_client.get(f"{URL}{pending.pk}/").content.decode()


@pytest.mark.django_db
def test_no_user_emails_in_member_lists(api_as, county, alice, bob):
    assert "@example.com" not in api_as(bob).get(f"{URL}{county.pk}/members/").content.decode()


@pytest.mark.django_db
def test_errors_follow_the_requested_language(api_as, mallory):
    rejected = OrganizationFactory(verification_status="rejected")
    response = api_as(mallory, language="zh-hans").post(f"{URL}{rejected.pk}/join/", {}, format="json")
    assert response.json() == {"detail": "该机构的登记已被驳回，不能接纳新成员。"}
