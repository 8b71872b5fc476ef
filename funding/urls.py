from django.urls import path

from funding import views

app_name = "funding"

urlpatterns = [
    path("grants/", views.GrantListView.as_view(), name="grant-list"),
    path("grants/new/", views.GrantCreateView.as_view(), name="grant-create"),
    path("grants/<int:pk>/", views.GrantDetailView.as_view(), name="grant-detail"),
    path("grants/<int:pk>/paid/", views.GrantPaidView.as_view(), name="grant-paid"),
    path("grants/<int:pk>/withdraw/", views.GrantWithdrawView.as_view(), name="grant-withdraw"),
]
