from django.urls import URLPattern, URLResolver, include, path

from proposals import panel_views, views

app_name = "proposals"

proposal_patterns = [
    path("", views.ProposalDetailView.as_view(), name="proposal-detail"),
    path("edit/", views.ProposalEditView.as_view(), name="proposal-edit"),
    path("submit/", views.ProposalSubmitView.as_view(), name="proposal-submit"),
    path("withdraw/", views.ProposalWithdrawView.as_view(), name="proposal-withdraw"),
    path("attach/", views.ProposalAttachView.as_view(), name="proposal-attach"),
    path("disqualify/", views.ProposalDisqualifyView.as_view(), name="proposal-disqualify"),
]

award_patterns = [
    path("", views.AwardManageView.as_view(), name="award-manage"),
    path("decide/", views.AwardDecideView.as_view(), name="award-decide"),
    path("finalise/", views.AwardFinaliseView.as_view(), name="award-finalise"),
    path("contract/", views.ContractValueView.as_view(), name="contract-value"),
    path("objections/<int:objection_pk>/respond/", views.ObjectionRespondView.as_view(), name="objection-respond"),
]

county_scenario_patterns: list[URLPattern | URLResolver] = [
    path("", views.ScenarioProposalsView.as_view(), name="scenario-proposals"),
    path("evaluators/", views.ScenarioAssignView.as_view(), name="scenario-assign"),
    path("export.csv", views.ScenarioExportView.as_view(), name="scenario-export"),
    path("award/", include(award_patterns)),
    path("trail/", views.TrailView.as_view(), name="trail"),
    path("panel/draw/", panel_views.PanelDrawView.as_view(), name="panel-draw"),
    path(
        "panel/seats/<int:seat_pk>/conflict/", panel_views.PanelSeatConflictView.as_view(), name="panel-seat-conflict"
    ),
]

expert_patterns = [
    path("", panel_views.ExpertPoolView.as_view(), name="expert-pool"),
    path("add/", panel_views.ExpertAddView.as_view(), name="expert-add"),
    path("ties/", panel_views.ExpertTieView.as_view(), name="expert-tie"),
    path("<int:pk>/active/", panel_views.ExpertActiveView.as_view(), name="expert-active"),
]

evaluation_patterns = [
    path("", views.EvaluationDetailView.as_view(), name="evaluation-detail"),
    path("declare/", views.EvaluationDeclareView.as_view(), name="evaluation-declare"),
    path("scores/", views.EvaluationScoreView.as_view(), name="evaluation-score"),
    path("sheet/", views.EvaluationSaveView.as_view(), name="evaluation-save"),
    path("complete/", views.EvaluationCompleteView.as_view(), name="evaluation-complete"),
]

milestone_patterns = [
    path("done/", views.MilestoneDoneView.as_view(), name="milestone-done"),
    path("evidence/", views.MilestoneEvidenceView.as_view(), name="milestone-evidence"),
    path("waive/", views.MilestoneWaiveView.as_view(), name="milestone-waive"),
]

acceptance_patterns = [
    path("report/", views.AcceptanceReportView.as_view(), name="acceptance-report"),
    path("report/file/", views.AcceptanceReportDownloadView.as_view(), name="acceptance-report-file"),
    path("committee/", views.CommitteeAppointView.as_view(), name="committee"),
    path("sign/", views.AcceptanceSignView.as_view(), name="acceptance-sign"),
]

engagement_patterns: list[URLPattern | URLResolver] = [
    path("", views.EngagementDetailView.as_view(), name="engagement-detail"),
    path("advance/", views.EngagementAdvanceView.as_view(), name="engagement-advance"),
    path("report/", views.EngagementReportView.as_view(), name="engagement-report"),
    path("milestones/", views.MilestoneAddView.as_view(), name="milestone-add"),
    path("milestones/<int:milestone_pk>/", include(milestone_patterns)),
    path("payments/", views.PaymentRecordView.as_view(), name="payment-record"),
    path("kpis/", views.KpiRecordView.as_view(), name="kpi-record"),
    path("acceptance/", include(acceptance_patterns)),
]

urlpatterns = [
    path("proposals/mine/", views.MyProposalsView.as_view(), name="my-proposals"),
    path("proposals/new/<int:scenario_pk>/", views.ProposalCreateView.as_view(), name="proposal-create"),
    path("proposals/<int:pk>/", include(proposal_patterns)),
    path("proposals/files/<uuid:uuid>/", views.AttachmentDownloadView.as_view(), name="attachment-download"),
    path("county/scenarios/", views.MyScenariosView.as_view(), name="my-scenarios"),
    path("county/scenarios/<int:pk>/", include(county_scenario_patterns)),
    path("panels/seats/<int:pk>/decline/", panel_views.PanelSeatDeclineView.as_view(), name="panel-seat-decline"),
    path("panels/experts/", include(expert_patterns)),
    path("evaluations/", views.MyEvaluationsView.as_view(), name="my-evaluations"),
    path("evaluations/<int:pk>/", include(evaluation_patterns)),
    path("awards/<int:pk>/", views.AwardNoticeView.as_view(), name="award-notice"),
    path("awards/<int:pk>/objections/", views.ObjectionSubmitView.as_view(), name="objection-submit"),
    path("engagements/", views.EngagementListView.as_view(), name="engagement-list"),
    path("engagements/<int:pk>/", include(engagement_patterns)),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("cases/<int:pk>/edit/", views.CaseEditView.as_view(), name="case-edit"),
    path("reference-cases/<int:pk>/", views.ReferenceCasesView.as_view(), name="reference-cases"),
]
