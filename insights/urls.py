from django.urls import include, path

from insights import views

app_name = "insights"

maturity_patterns = [
    path("", views.MaturityListView.as_view(), name="maturity-list"),
    path("start/", views.MaturityStartView.as_view(), name="maturity-start"),
    path("<int:pk>/", views.MaturityDetailView.as_view(), name="maturity-detail"),
    path("<int:pk>/edit/", views.MaturityEditView.as_view(), name="maturity-edit"),
    path("<int:pk>/comment/", views.MaturityCommentView.as_view(), name="maturity-comment"),
]

urlpatterns = [
    path("", views.ProvinceView.as_view(), name="province"),
    path("counties/<str:code>/", views.CountyView.as_view(), name="county"),
    path("targets/", views.TargetsView.as_view(), name="targets"),
    path("skills-demand/", views.SkillsDemandView.as_view(), name="skills-demand"),
    path("attention/", views.AttentionView.as_view(), name="attention"),
    path("maturity/", include(maturity_patterns)),
]
