from django.urls import include, path

from catalog import views

app_name = "catalog"

scenario_patterns = [
    path("", views.ScenarioDetailView.as_view(), name="scenario-detail"),
    path("preview/", views.ScenarioDetailView.as_view(), {"preview": True}, name="scenario-preview"),
    path("edit/", views.ScenarioUpdateView.as_view(), name="scenario-edit"),
    path("delete/", views.ScenarioDeleteView.as_view(), name="scenario-delete"),
    path("adopt/", views.ScenarioAdoptView.as_view(), name="scenario-adopt"),
    path("family/", views.ScenarioFamilyView.as_view(), name="scenario-family"),
    path("questions/", views.QuestionAskView.as_view(), name="question-ask"),
    path("attachments/", views.AttachmentUploadView.as_view(kind="scenario"), name="scenario-attachment-upload"),
    path("grade/", views.ScenarioGradeView.as_view(), name="scenario-grade"),
    path("resources/<int:resource_pk>/request/", views.ResourceRequestView.as_view(), name="resource-request"),
    path(
        "resource-requests/<int:request_pk>/<str:decision>/", views.ResourceDecideView.as_view(), name="resource-decide"
    ),
    path("<str:name>/", views.ScenarioTransitionView.as_view(), name="scenario-transition"),
]

solution_patterns = [
    path("", views.SolutionDetailView.as_view(), name="solution-detail"),
    path("edit/", views.SolutionUpdateView.as_view(), name="solution-edit"),
    path("deployments/", views.DeploymentAddView.as_view(), name="deployment-add"),
    path("attachments/", views.AttachmentUploadView.as_view(kind="solution"), name="solution-attachment-upload"),
    path("delete/", views.SolutionDeleteView.as_view(), name="solution-delete"),
    path("<str:name>/", views.SolutionActionView.as_view(), name="solution-action"),
]

review_patterns = [
    path("", views.ReviewQueueView.as_view(), name="review-queue"),
    path("policy/", views.ReviewPolicyView.as_view(), name="review-policy"),
    path("batches/", views.BatchPublishView.as_view(), name="batch-publish"),
]

urlpatterns = [
    path("scenarios/", views.ScenarioListView.as_view(), name="scenario-list"),
    path("scenarios/new/", views.ScenarioCreateView.as_view(), name="scenario-create"),
    path("scenarios/<int:pk>/", include(scenario_patterns)),
    path("questions/<int:pk>/answer/", views.QuestionAnswerView.as_view(), name="question-answer"),
    path("attachments/<uuid:uuid>/", views.AttachmentDownloadView.as_view(), name="attachment-download"),
    path("me/scenarios/", views.MyScenariosView.as_view(), name="my-scenarios"),
    path("solutions/", views.SolutionListView.as_view(), name="solution-list"),
    path("solutions/new/", views.SolutionCreateView.as_view(), name="solution-create"),
    path("solutions/<int:pk>/", include(solution_patterns)),
    path("me/solutions/", views.MySolutionsView.as_view(), name="my-solutions"),
    path("review/", include(review_patterns)),
    path("batches/", views.BatchListView.as_view(), name="batch-list"),
    path("batches/<int:pk>/", views.BatchDetailView.as_view(), name="batch-detail"),
    path("catalog/import/", views.CatalogImportView.as_view(), name="import"),
]
