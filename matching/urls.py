from django.urls import path

from matching import views

app_name = "matching"

urlpatterns = [
    path("scenarios/<int:pk>/", views.ScenarioSuggestionsView.as_view(), name="scenario-suggestions"),
    path("scenarios/<int:pk>/drafting-help/", views.DraftingHelpView.as_view(), name="drafting-help"),
    path("solutions/<int:pk>/", views.SolutionSuggestionsView.as_view(), name="solution-suggestions"),
    path("feed/", views.FeedView.as_view(), name="feed"),
    path("suggestions/<int:pk>/feedback/", views.FeedbackView.as_view(), name="suggestion-feedback"),
    path("suggestions/<int:pk>/invite/", views.InviteView.as_view(), name="suggestion-invite"),
    path("subscriptions/", views.SubscriptionListView.as_view(), name="subscription-list"),
    path("subscriptions/<int:pk>/delete/", views.SubscriptionDeleteView.as_view(), name="subscription-delete"),
    path("region-pairs/", views.RegionPairListView.as_view(), name="regionpair-list"),
    path("tuning/", views.TuningView.as_view(), name="tuning"),
]
