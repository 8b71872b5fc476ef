from django.urls import include, path

from fairs import views

app_name = "fairs"

event_patterns = [
    path("", views.event_detail, name="event-detail"),
    path("manage/", views.event_manage, name="event-manage"),
    path("publish/", views.event_publish, name="event-publish"),
    path("schedule/", views.schedule_run, name="schedule-run"),
    path("register/", views.register, name="register"),
    path("rooms/", views.room_overview, name="room-overview"),
    path("table-cards/", views.table_cards, name="table-cards"),
]

participant_patterns = [
    path("", views.participant_page, name="participant"),
    path("decide/", views.participant_decide, name="participant-decide"),
    path("request/", views.request_new, name="request-new"),
    path("agenda/", views.agenda, name="agenda"),
    path("agenda.pdf", views.agenda_pdf, name="agenda-pdf"),
]

urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("new/", views.event_create, name="event-create"),
    path("<int:pk>/", include(event_patterns)),
    path("participants/<int:pk>/", include(participant_patterns)),
    path("request/", views.request_start, name="request-start"),
    path("requests/<int:pk>/answer/", views.request_answer, name="request-answer"),
    path("meetings/<int:pk>/outcome/<int:participant_pk>/", views.outcome_record, name="outcome"),
    path("meetings/<int:pk>/<str:action>/", views.meeting_change, name="meeting-change"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
