from django.urls import path

from proposals import views

app_name = "proposals"

urlpatterns = [
    path("proposals/mine/", views.MyProposalsView.as_view(), name="my-proposals"),
    path("proposals/new/<int:scenario_pk>/", views.ProposalCreateView.as_view(), name="proposal-create"),
    path("proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal-detail"),
    path("proposals/<int:pk>/edit/", views.ProposalEditView.as_view(), name="proposal-edit"),
    path("proposals/<int:pk>/submit/", views.ProposalSubmitView.as_view(), name="proposal-submit"),
    path("proposals/<int:pk>/withdraw/", views.ProposalWithdrawView.as_view(), name="proposal-withdraw"),
    path("proposals/<int:pk>/attach/", views.ProposalAttachView.as_view(), name="proposal-attach"),
    path("proposals/<int:pk>/disqualify/", views.ProposalDisqualifyView.as_view(), name="proposal-disqualify"),
    path("proposals/files/<uuid:uuid>/", views.AttachmentDownloadView.as_view(), name="attachment-download"),
    path("county/scenarios/", views.MyScenariosView.as_view(), name="my-scenarios"),
    path("county/scenarios/<int:pk>/", views.ScenarioProposalsView.as_view(), name="scenario-proposals"),
    path("county/scenarios/<int:pk>/evaluators/", views.ScenarioAssignView.as_view(), name="scenario-assign"),
    path("county/scenarios/<int:pk>/export.csv", views.ScenarioExportView.as_view(), name="scenario-export"),
    path("county/scenarios/<int:pk>/award/", views.AwardManageView.as_view(), name="award-manage"),
    path("county/scenarios/<int:pk>/award/decide/", views.AwardDecideView.as_view(), name="award-decide"),
    path("county/scenarios/<int:pk>/award/finalise/", views.AwardFinaliseView.as_view(), name="award-finalise"),
    path(
        "county/scenarios/<int:pk>/award/objections/<int:objection_pk>/respond/",
        views.ObjectionRespondView.as_view(),
        name="objection-respond",
    ),
    path("county/scenarios/<int:pk>/trail/", views.TrailView.as_view(), name="trail"),
    path("evaluations/", views.MyEvaluationsView.as_view(), name="my-evaluations"),
    path("evaluations/<int:pk>/", views.EvaluationDetailView.as_view(), name="evaluation-detail"),
    path("evaluations/<int:pk>/declare/", views.EvaluationDeclareView.as_view(), name="evaluation-declare"),
    path("evaluations/<int:pk>/scores/", views.EvaluationScoreView.as_view(), name="evaluation-score"),
    path("evaluations/<int:pk>/sheet/", views.EvaluationSaveView.as_view(), name="evaluation-save"),
    path("evaluations/<int:pk>/complete/", views.EvaluationCompleteView.as_view(), name="evaluation-complete"),
    path("awards/<int:pk>/", views.AwardNoticeView.as_view(), name="award-notice"),
    path("awards/<int:pk>/objections/", views.ObjectionSubmitView.as_view(), name="objection-submit"),
    path("engagements/", views.EngagementListView.as_view(), name="engagement-list"),
    path("engagements/<int:pk>/", views.EngagementDetailView.as_view(), name="engagement-detail"),
    path("engagements/<int:pk>/advance/", views.EngagementAdvanceView.as_view(), name="engagement-advance"),
    path("engagements/<int:pk>/report/", views.EngagementReportView.as_view(), name="engagement-report"),
    path("engagements/<int:pk>/milestones/", views.MilestoneAddView.as_view(), name="milestone-add"),
    path(
        "engagements/<int:pk>/milestones/<int:milestone_pk>/done/",
        views.MilestoneDoneView.as_view(),
        name="milestone-done",
    ),
    path(
        "engagements/<int:pk>/milestones/<int:milestone_pk>/evidence/",
        views.MilestoneEvidenceView.as_view(),
        name="milestone-evidence",
    ),
    path("engagements/<int:pk>/kpis/", views.KpiRecordView.as_view(), name="kpi-record"),
    path("reference-cases/<int:pk>/", views.ReferenceCasesView.as_view(), name="reference-cases"),
]
