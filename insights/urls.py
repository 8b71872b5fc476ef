from django.urls import path

from insights import views

app_name = "insights"

urlpatterns = [
    path("", views.ProvinceView.as_view(), name="province"),
    path("counties/<str:code>/", views.CountyView.as_view(), name="county"),
    path("targets/", views.TargetsView.as_view(), name="targets"),
    path("skills-demand/", views.SkillsDemandView.as_view(), name="skills-demand"),
    path("attention/", views.AttentionView.as_view(), name="attention"),
    path("maturity/", views.MaturityListView.as_view(), name="maturity-list"),
    path("maturity/start/", views.MaturityStartView.as_view(), name="maturity-start"),
    path("maturity/<int:pk>/", views.MaturityDetailView.as_view(), name="maturity-detail"),
    path("maturity/<int:pk>/edit/", views.MaturityEditView.as_view(), name="maturity-edit"),
    path("maturity/<int:pk>/comment/", views.MaturityCommentView.as_view(), name="maturity-comment"),
]
