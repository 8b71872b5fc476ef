from django.urls import path

from core import views

app_name = "jobs"

urlpatterns = [
    path("", views.FileJobListView.as_view(), name="list"),
    path("<uuid:uuid>/", views.FileJobDetailView.as_view(), name="detail"),
    path("<uuid:uuid>/download/", views.FileJobDownloadView.as_view(), name="download"),
]
