from django.urls import include, path

from funding import views

app_name = "funding"

grant_patterns = [
    path("", views.GrantDetailView.as_view(), name="grant-detail"),
    path("paid/", views.GrantPaidView.as_view(), name="grant-paid"),
    path("withdraw/", views.GrantWithdrawView.as_view(), name="grant-withdraw"),
]

urlpatterns = [
    path("grants/", views.GrantListView.as_view(), name="grant-list"),
    path("grants/new/", views.GrantCreateView.as_view(), name="grant-create"),
    path("grants/<int:pk>/", include(grant_patterns)),
]
