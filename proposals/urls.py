from django.urls import path

from proposals import views

app_name = "proposals"

urlpatterns = [
    path("proposals/mine/", views.my_proposals, name="my-proposals"),
    path("proposals/new/<int:scenario_pk>/", views.proposal_create, name="proposal-create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal-edit"),
    path("proposals/<int:pk>/disqualify/", views.proposal_disqualify, name="proposal-disqualify"),
    path("proposals/<int:pk>/<str:action>/", views.proposal_action, name="proposal-action"),
    path("proposals/files/<uuid:uuid>/", views.attachment_download, name="attachment-download"),
    path("county/scenarios/", views.my_scenarios, name="my-scenarios"),
    path("county/scenarios/<int:pk>/", views.scenario_proposals, name="scenario-proposals"),
    path("county/scenarios/<int:pk>/evaluators/", views.scenario_assign, name="scenario-assign"),
    path("county/scenarios/<int:pk>/export.csv", views.scenario_export, name="scenario-export"),
    path("county/scenarios/<int:pk>/award/", views.award_manage, name="award-manage"),
    path("county/scenarios/<int:pk>/trail/", views.trail, name="trail"),
    path("evaluations/", views.my_evaluations, name="my-evaluations"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation-detail"),
    path("awards/<int:pk>/", views.award_notice, name="award-notice"),
    path("engagements/", views.engagement_list, name="engagement-list"),
    path("engagements/<int:pk>/", views.engagement_detail, name="engagement-detail"),
    path(
        "engagements/<int:pk>/milestones/<int:milestone_pk>/evidence/",
        views.milestone_evidence,
        name="milestone-evidence",
    ),
    path("reference-cases/<int:pk>/", views.reference_cases, name="reference-cases"),
]
