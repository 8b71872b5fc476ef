from django.urls import include, path

from directory import views

app_name = "directory"

organization_patterns = [
    path("", views.OrganizationDetailView.as_view(), name="organization-detail"),
    path("edit/", views.OrganizationUpdateView.as_view(), name="organization-update"),
    path("join/", views.OrganizationJoinView.as_view(), name="organization-join"),
    path("verify/", views.OrganizationVerifyView.as_view(), name="organization-verify"),
    path("reject/", views.OrganizationRejectView.as_view(), name="organization-reject"),
]

membership_patterns = [
    path("approve/", views.MembershipApproveView.as_view(), name="membership-approve"),
    path("decline/", views.MembershipDeclineView.as_view(), name="membership-decline"),
    path("role/", views.MembershipRoleView.as_view(), name="membership-role"),
    path("remove/", views.MembershipRemoveView.as_view(), name="membership-remove"),
]

urlpatterns = [
    path("regions/", views.ProvinceView.as_view(), name="region-list"),
    path("regions/<str:code>/", views.RegionDetailView.as_view(), name="region-detail"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    path("organizations/new/", views.OrganizationCreateView.as_view(), name="organization-create"),
    path("organizations/verification/", views.VerificationQueueView.as_view(), name="verification-queue"),
    path("organizations/<int:pk>/", include(organization_patterns)),
    path("memberships/<int:pk>/", include(membership_patterns)),
    path("me/organizations/", views.MyOrganizationsView.as_view(), name="my-organizations"),
]
