from django.urls import include, path

from matching import views

app_name = "matching"

scenario_patterns = [
    path("", views.ScenarioSuggestionsView.as_view(), name="scenario-suggestions"),
    path("drafting-help/", views.DraftingHelpView.as_view(), name="drafting-help"),
]

suggestion_patterns = [
    path("feedback/", views.FeedbackView.as_view(), name="suggestion-feedback"),
    path("invite/", views.InviteView.as_view(), name="suggestion-invite"),
]

urlpatterns = [
    path("scenarios/<int:pk>/", include(scenario_patterns)),
    path("solutions/<int:pk>/", views.SolutionSuggestionsView.as_view(), name="solution-suggestions"),
    path("feed/", views.FeedView.as_view(), name="feed"),
    path("suggestions/<int:pk>/", include(suggestion_patterns)),
    path("subscriptions/", views.SubscriptionListView.as_view(), name="subscription-list"),
    path("subscriptions/<int:pk>/delete/", views.SubscriptionDeleteView.as_view(), name="subscription-delete"),
    path("region-pairs/", views.RegionPairListView.as_view(), name="regionpair-list"),
    path("tuning/", views.TuningView.as_view(), name="tuning"),
]
