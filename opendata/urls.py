from django.urls import path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.OpenDataIndexView.as_view(), name="index"),
    path("ocds/scenario-<int:pk>.json", views.OcdsPackageView.as_view(), name="ocds-scenario"),
    path("<slug:slug>.<str:fmt>", views.DataSetFileView.as_view(), name="file"),
]
