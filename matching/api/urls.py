"""Matching endpoints nested under catalog resources, included in ``/api/v1/`` before the router."""

from django.urls import include, path

from matching.api import views

suggestion_patterns = [
    path("feedback/", views.FeedbackCreate.as_view(), name="suggestion-feedback"),
    path("invite/", views.InvitationCreate.as_view(), name="suggestion-invite"),
]

urlpatterns = [
    path("scenarios/<int:pk>/suggestions/", views.ScenarioSuggestionList.as_view(), name="scenario-suggestions"),
    path("solutions/<int:pk>/suggestions/", views.SolutionSuggestionList.as_view(), name="solution-suggestions"),
    path("suggestions/feed/", views.FeedList.as_view(), name="suggestion-feed"),
    path("suggestions/<int:pk>/", include(suggestion_patterns)),
]
