import re

import pytest
from django.core import mail

from directory.models import Membership, Organization, User
from tests.factories import OrganizationFactory, UserFactory


@pytest.fixture
def en_client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.mark.django_db
def test_language_switch_sets_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Jiangsu's three zones" in html


@pytest.mark.django_db
def test_province_city_county_pages(en_client):
    province = en_client.get("/regions/").content.decode()
    assert province.count('href="/regions/32') == 13
    city = en_client.get("/regions/320500/").content.decode()
    assert "Kunshan" in city and "Wujiang District" in city
    county = en_client.get("/regions/320583/").content.decode()
    assert "Population (2020 census)" in county


@pytest.mark.django_db
def test_county_page_lists_only_verified_organisations_under_it(en_client, county):
    OrganizationFactory(name_en="Pending Office", pending=True)
    html = en_client.get("/regions/320500/").content.decode()
    assert "Kunshan Data Bureau" in html
    assert "Pending Office" not in html


@pytest.mark.django_db
def test_unknown_region_page_is_404(client):
    assert client.get("/regions/329999/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 3])
def test_organization_list_query_count_is_flat(en_client, django_assert_num_queries, n):
    OrganizationFactory.create_batch(n)
    with django_assert_num_queries(2):  # count + page (anonymous: no session, no user)
        response = en_client.get("/organizations/")
    assert len(response.context["organizations"]) == n


@pytest.mark.django_db
def test_organization_list_bad_page_is_not_an_error(en_client):
    OrganizationFactory()
    for page in ("abc", "0", "999", "-1"):
        assert en_client.get("/organizations/", {"page": page}).status_code == 200


SIGNUP = {"password1": "Quiet-River-2026", "password2": "Quiet-River-2026"}


@pytest.mark.django_db
def test_signup_mails_an_activation_link_then_the_account_signs_in(en_client):
    response = en_client.post(
        "/accounts/signup/", {"username": "newbie", "email": "newbie@example.com", **SIGNUP}, follow=True
    )
    assert "Check your e-mail" in response.content.decode()
    assert not response.context["user"].is_authenticated
    signin = {"username": "newbie", "password": "Quiet-River-2026"}
    assert en_client.post("/accounts/login/", signin).status_code == 200  # not active yet
    (message,) = mail.outbox
    assert message.to == ["newbie@example.com"]
    link = re.search(r"http://testserver(/accounts/signup/activate/\S+/)", message.body).group(1)
    response = en_client.get(link, follow=True)
    assert "Your account is active" in response.content.decode()
    assert en_client.post("/accounts/login/", signin).status_code == 302
    assert "You do not belong to any organisation yet" in en_client.get("/me/organizations/").content.decode()
    # The link works once.
    en_client.logout()
    assert "invalid" in en_client.get(link, follow=True).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "email", "mailed"),
    [
        ("second", "SAME@example.com", "You already have an account"),  # the address is taken
        ("FIRST", "other@example.com", "Choose another user name"),  # the user name is taken
        ("third", "third@example.com", "Activate your account"),  # both free
    ],
)
def test_signup_answers_the_same_whether_or_not_an_account_exists(en_client, username, email, mailed):
    UserFactory(username="first", email="same@example.com")
    response = en_client.post("/accounts/signup/", {"username": username, "email": email, **SIGNUP})
    assert (response.status_code, response["Location"]) == (302, "/accounts/signup/sent/")
    assert [m.subject for m in mail.outbox] == [f"[Smart County Exchange] {mailed}"]
    assert mail.outbox[0].to == [email]
    assert User.objects.filter(email__iexact="same@example.com").count() == 1


@pytest.mark.django_db
def test_password_reset_sends_an_email(en_client):
    UserFactory(username="forgetful", email="forgetful@example.com")
    en_client.post("/accounts/password/reset/", {"email": "forgetful@example.com"})
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_create_organization_page_rejects_bad_credit_code_with_field_message(en_client, mallory):
    en_client.force_login(mallory)
    response = en_client.post(
        "/organizations/new/",
        {"kind": "firm", "name_zh": "测试", "region": "320505", "credit_code": "91440300708461136A"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["credit_code"] == [
        "The check character of this unified social credit code is wrong; please check the code."
    ]
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_create_county_office_on_a_city_shows_region_error(en_client, mallory):
    en_client.force_login(mallory)
    response = en_client.post(
        "/organizations/new/", {"kind": "county_office", "name_zh": "苏州市局", "region": "320500"}
    )
    assert "county-level region" in response.context["form"].errors["region"][0]
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_create_organization_requires_login(client):
    response = client.get("/organizations/new/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_html_in_names_is_escaped(en_client, mallory):
    en_client.force_login(mallory)
    en_client.post(
        "/organizations/new/", {"kind": "county_office", "name_zh": "<script>alert(1)</script>", "region": "320583"}
    )
    organization = Organization.objects.get()
    html = en_client.get(f"/organizations/{organization.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "sees_members", "can_edit"),
    [
        ("alice", True, True),
        ("bob", True, False),
        ("charlie", False, False),
        ("pat", True, False),
        (None, False, False),
    ],
)
def test_organization_page_matrix(client, county, alice, bob, charlie, pat, actor, sees_members, can_edit):
    users = {"alice": alice, "bob": bob, "charlie": charlie, "pat": pat, None: None}
    if users[actor]:
        client.force_login(users[actor])
    response = client.get(f"/organizations/{county.pk}/")
    assert response.context["can_view_members"] is sees_members
    assert ("· viewer" in response.content.decode() or "· 只读成员" in response.content.decode()) is sees_members
    assert response.context["can_edit"] is can_edit
    edit = client.get(f"/organizations/{county.pk}/edit/")
    assert edit.status_code == (200 if can_edit else (302 if actor is None else 403))


@pytest.mark.django_db
def test_join_and_approve_through_pages(en_client, county, alice, mallory):
    en_client.force_login(mallory)
    en_client.post(f"/organizations/{county.pk}/join/", {"message": "我在大数据科工作"})
    request = Membership.objects.get(user=mallory)
    assert request.status == "pending"
    en_client.force_login(alice)
    page = en_client.get("/me/organizations/").content.decode()
    assert "我在大数据科工作" in page
    en_client.post(f"/memberships/{request.pk}/approve/", {"role": "editor"})
    request.refresh_from_db()
    assert (request.status, request.role) == ("active", "editor")


@pytest.mark.django_db
def test_an_administrator_changes_a_members_role_on_the_organisation_page(en_client, county, alice, bob):
    """The role an administrator gave on approval can be changed later on the page, as through the API
    (``POST /api/v1/memberships/{id}/role/``), with the same rule: the last administrator stays."""
    membership = Membership.objects.get(user=bob, organization=county)
    en_client.force_login(alice)
    page = en_client.get(f"/organizations/{county.pk}/").content.decode()
    assert f'action="/memberships/{membership.pk}/role/"' in page
    response = en_client.post(
        f"/memberships/{membership.pk}/role/", {"role": "editor", "next": "organization"}, follow=True
    )
    assert response.redirect_chain == [(f"/organizations/{county.pk}/", 302)]
    assert [str(m) for m in response.context["messages"]] == [f"{bob} is now editor of {county.name_en}."]
    membership.refresh_from_db()
    assert membership.role == "editor"
    own = Membership.objects.get(user=alice, organization=county)
    refused = en_client.post(f"/memberships/{own.pk}/role/", {"role": "viewer"}, follow=True)
    assert [str(m) for m in refused.context["messages"]] == [
        "An organisation needs at least one administrator; appoint another one first."
    ]
    own.refresh_from_db()
    assert own.role == "admin"


@pytest.mark.django_db
@pytest.mark.parametrize(("actor", "status"), [("bob", 403), ("charlie", 404)])
def test_only_an_administrator_changes_roles_on_the_page(en_client, county, alice, bob, charlie, actor, status):
    membership = Membership.objects.get(user=bob, organization=county)
    en_client.force_login({"bob": bob, "charlie": charlie}[actor])
    assert en_client.post(f"/memberships/{membership.pk}/role/", {"role": "admin"}).status_code == status
    membership.refresh_from_db()
    assert membership.role == "viewer"
    if actor == "bob":
        assert "/role/" not in en_client.get(f"/organizations/{county.pk}/").content.decode()


@pytest.mark.django_db
def test_outsider_cannot_approve_through_pages(en_client, county, charlie, mallory):
    from directory import services

    request = services.membership_request(user=mallory, organization=county)
    en_client.force_login(charlie)
    assert en_client.post(f"/memberships/{request.pk}/approve/", {"role": "admin"}).status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"


@pytest.mark.django_db
def test_the_province_reconsiders_a_rejected_organisation_on_its_page(en_client, pat, alice):
    """A rejection says why, "so it can put things right": the provincial office can then verify the organisation
    from its page, as the API's ``POST /api/v1/organizations/{id}/verify/`` allows; rejecting again is not
    offered."""
    rejected = OrganizationFactory(verification_status="rejected", verification_reason="信用代码有误")
    en_client.force_login(pat)
    page = en_client.get(f"/organizations/{rejected.pk}/").content.decode()
    assert f'href="/organizations/{rejected.pk}/verify/"' in page
    assert f'href="/organizations/{rejected.pk}/reject/"' not in page
    en_client.post(f"/organizations/{rejected.pk}/verify/", {"reason": "已更正"})
    rejected.refresh_from_db()
    assert rejected.verification_status == "verified"
    en_client.force_login(alice)
    assert "/verify/" not in en_client.get(f"/organizations/{rejected.pk}/").content.decode()


@pytest.mark.django_db
def test_verification_queue_for_provincial_staff_only(en_client, pat, alice):
    pending = OrganizationFactory(pending=True, name_en="Waiting Firm Office")
    en_client.force_login(alice)
    assert en_client.get("/organizations/verification/").status_code == 403
    en_client.force_login(pat)
    assert "Waiting Firm Office" in en_client.get("/organizations/verification/").content.decode()
    en_client.post(f"/organizations/{pending.pk}/verify/", {"next_queue": "1"})
    pending.refresh_from_db()
    assert pending.is_verified


@pytest.mark.django_db
def test_reject_through_page_without_reason_saves_nothing(en_client, pat):
    pending = OrganizationFactory(pending=True)
    response = en_client.post(f"/organizations/{pending.pk}/reject/", {"reason": ""}, follow=True)
    assert response.status_code == 200  # the sign-in page
    en_client.force_login(pat)
    response = en_client.post(f"/organizations/{pending.pk}/reject/", {"reason": ""})
    assert response.status_code == 400
    assert "Say why the organisation is rejected" in response.content.decode()
    pending.refresh_from_db()
    assert pending.verification_status == "pending"


@pytest.mark.django_db
def test_verify_asks_first_and_says_whom_it_tells(en_client, pat, mallory):
    pending = OrganizationFactory(pending=True, name_en="Waiting Firm Office")
    Membership.objects.create(user=mallory, organization=pending, role="admin", status="active")
    en_client.force_login(pat)
    html = en_client.get(f"/organizations/{pending.pk}/verify/?next=queue").content.decode()
    assert "Verify Waiting Firm Office" in html
    assert "Its 1 administrator is notified." in html
    assert 'name="next_queue" value="1"' in html
    pending.refresh_from_db()
    assert pending.verification_status == "pending"  # looking is not deciding
    response = en_client.post(f"/organizations/{pending.pk}/verify/", {"reason": "材料齐全", "next_queue": "1"})
    assert response.status_code == 302 and response.url == "/organizations/verification/"
    pending.refresh_from_db()
    assert (pending.verification_status, pending.verification_reason) == ("verified", "材料齐全")


@pytest.mark.django_db
def test_reject_asks_for_a_reason_and_keeps_it(en_client, pat):
    pending = OrganizationFactory(pending=True, name_en="Waiting Firm Office")
    en_client.force_login(pat)
    html = en_client.get(f"/organizations/{pending.pk}/reject/").content.decode()
    assert "Reject Waiting Firm Office" in html
    assert "marked as rejected" in html
    assert 'name="reason"' in html and "required" in html
    en_client.post(f"/organizations/{pending.pk}/reject/", {"reason": "营业执照与名称不符（请重新上传）"})
    pending.refresh_from_db()
    assert (pending.verification_status, pending.verification_reason) == (
        "rejected",
        "营业执照与名称不符（请重新上传）",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["verify", "reject"])
def test_only_the_provincial_office_sees_a_verification_confirmation(en_client, alice, action):
    pending = OrganizationFactory(pending=True)
    en_client.force_login(alice)
    assert en_client.get(f"/organizations/{pending.pk}/{action}/").status_code == 403


@pytest.mark.django_db
def test_removing_a_member_asks_first(en_client, alice, bob, county):
    membership = Membership.objects.get(user=bob, organization=county)
    en_client.force_login(alice)
    response = en_client.get(f"/memberships/{membership.pk}/remove/?next=organization")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Remove {bob} from" in html
    assert "loses access" in html
    assert Membership.objects.filter(pk=membership.pk).exists()
    response = en_client.post(f"/memberships/{membership.pk}/remove/", {"next": "organization"})
    assert response.status_code == 302 and response.url == f"/organizations/{county.pk}/"
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_the_last_administrator_is_told_before_leaving(en_client, alice, county):
    membership = Membership.objects.get(user=alice, organization=county)
    en_client.force_login(alice)
    html = en_client.get(f"/memberships/{membership.pk}/remove/").content.decode()
    assert "at least one administrator" in html
    assert 'id="confirm-submit"' not in html


@pytest.mark.django_db
def test_outsiders_and_members_cannot_open_a_removal(en_client, alice, bob, charlie, county):
    membership = Membership.objects.get(user=alice, organization=county)
    en_client.force_login(charlie)
    assert en_client.get(f"/memberships/{membership.pk}/remove/").status_code == 404
    en_client.force_login(bob)  # a viewer of the same organisation
    assert en_client.get(f"/memberships/{membership.pk}/remove/").status_code == 404


@pytest.mark.django_db
def test_my_organizations_query_count(client, alice, django_assert_max_num_queries):
    client.force_login(alice)
    with django_assert_max_num_queries(8):
        assert client.get("/me/organizations/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_population_is_grouped_in_both_languages(client, language):
    html = client.get("/regions/320583/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert "2,092,496" in html
    assert "2092496" not in html
