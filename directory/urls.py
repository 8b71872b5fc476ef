from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("regions/", views.ProvinceView.as_view(), name="region-list"),
    path("regions/<str:code>/", views.RegionDetailView.as_view(), name="region-detail"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    path("organizations/new/", views.OrganizationCreateView.as_view(), name="organization-create"),
    path("organizations/verification/", views.VerificationQueueView.as_view(), name="verification-queue"),
    path("organizations/<int:pk>/", views.OrganizationDetailView.as_view(), name="organization-detail"),
    path("organizations/<int:pk>/edit/", views.OrganizationUpdateView.as_view(), name="organization-update"),
    path("organizations/<int:pk>/join/", views.OrganizationJoinView.as_view(), name="organization-join"),
    path("organizations/<int:pk>/verify/", views.OrganizationVerifyView.as_view(), name="organization-verify"),
    path("organizations/<int:pk>/reject/", views.OrganizationRejectView.as_view(), name="organization-reject"),
    path("memberships/<int:pk>/approve/", views.MembershipApproveView.as_view(), name="membership-approve"),
    path("memberships/<int:pk>/decline/", views.MembershipDeclineView.as_view(), name="membership-decline"),
    path("memberships/<int:pk>/remove/", views.MembershipRemoveView.as_view(), name="membership-remove"),
    path("me/organizations/", views.MyOrganizationsView.as_view(), name="my-organizations"),
]
