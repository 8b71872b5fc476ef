from django.urls import path

from insights import views

app_name = "insights"

urlpatterns = [
    path("", views.ProvinceView.as_view(), name="province"),
    path("counties/<str:code>/", views.CountyView.as_view(), name="county"),
    path("targets/", views.TargetsView.as_view(), name="targets"),
]
