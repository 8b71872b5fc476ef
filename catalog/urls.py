from django.urls import path

from catalog import views

app_name = "catalog"

urlpatterns = [
    path("scenarios/", views.ScenarioListView.as_view(), name="scenario-list"),
    path("scenarios/new/", views.ScenarioCreateView.as_view(), name="scenario-create"),
    path("scenarios/<int:pk>/", views.ScenarioDetailView.as_view(), name="scenario-detail"),
    path("scenarios/<int:pk>/preview/", views.ScenarioDetailView.as_view(), {"preview": True}, name="scenario-preview"),
    path("scenarios/<int:pk>/edit/", views.ScenarioUpdateView.as_view(), name="scenario-edit"),
    path("scenarios/<int:pk>/delete/", views.ScenarioDeleteView.as_view(), name="scenario-delete"),
    path("scenarios/<int:pk>/adopt/", views.ScenarioAdoptView.as_view(), name="scenario-adopt"),
    path("scenarios/<int:pk>/family/", views.ScenarioFamilyView.as_view(), name="scenario-family"),
    path("scenarios/<int:pk>/questions/", views.QuestionAskView.as_view(), name="question-ask"),
    path(
        "scenarios/<int:pk>/attachments/",
        views.AttachmentUploadView.as_view(kind="scenario"),
        name="scenario-attachment-upload",
    ),
    path("scenarios/<int:pk>/grade/", views.ScenarioGradeView.as_view(), name="scenario-grade"),
    path(
        "scenarios/<int:pk>/resources/<int:resource_pk>/request/",
        views.ResourceRequestView.as_view(),
        name="resource-request",
    ),
    path(
        "scenarios/<int:pk>/resource-requests/<int:request_pk>/<str:decision>/",
        views.ResourceDecideView.as_view(),
        name="resource-decide",
    ),
    path("scenarios/<int:pk>/<str:name>/", views.ScenarioTransitionView.as_view(), name="scenario-transition"),
    path("questions/<int:pk>/answer/", views.QuestionAnswerView.as_view(), name="question-answer"),
    path("attachments/<uuid:uuid>/", views.AttachmentDownloadView.as_view(), name="attachment-download"),
    path("me/scenarios/", views.MyScenariosView.as_view(), name="my-scenarios"),
    path("solutions/", views.SolutionListView.as_view(), name="solution-list"),
    path("solutions/new/", views.SolutionCreateView.as_view(), name="solution-create"),
    path("solutions/<int:pk>/", views.SolutionDetailView.as_view(), name="solution-detail"),
    path("solutions/<int:pk>/edit/", views.SolutionUpdateView.as_view(), name="solution-edit"),
    path("solutions/<int:pk>/deployments/", views.DeploymentAddView.as_view(), name="deployment-add"),
    path(
        "solutions/<int:pk>/attachments/",
        views.AttachmentUploadView.as_view(kind="solution"),
        name="solution-attachment-upload",
    ),
    path("solutions/<int:pk>/<str:name>/", views.SolutionActionView.as_view(), name="solution-action"),
    path("me/solutions/", views.MySolutionsView.as_view(), name="my-solutions"),
    path("review/", views.ReviewQueueView.as_view(), name="review-queue"),
    path("review/policy/", views.ReviewPolicyView.as_view(), name="review-policy"),
    path("review/batches/", views.BatchPublishView.as_view(), name="batch-publish"),
    path("batches/", views.BatchListView.as_view(), name="batch-list"),
    path("batches/<int:pk>/", views.BatchDetailView.as_view(), name="batch-detail"),
    path("catalog/import/", views.CatalogImportView.as_view(), name="import"),
]
