from django.urls import path

from workspace import views

app_name = "workspace"

urlpatterns = [
    path("", views.WorkspaceHomeView.as_view(), name="home"),
]
