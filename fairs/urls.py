from django.urls import path

from fairs import views

app_name = "fairs"

urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("new/", views.event_create, name="event-create"),
    path("<int:pk>/", views.event_detail, name="event-detail"),
    path("<int:pk>/manage/", views.event_manage, name="event-manage"),
    path("<int:pk>/publish/", views.event_publish, name="event-publish"),
    path("<int:pk>/schedule/", views.schedule_run, name="schedule-run"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/rooms/", views.room_overview, name="room-overview"),
    path("<int:pk>/table-cards/", views.table_cards, name="table-cards"),
    path("participants/<int:pk>/", views.participant_page, name="participant"),
    path("participants/<int:pk>/decide/", views.participant_decide, name="participant-decide"),
    path("participants/<int:pk>/request/", views.request_new, name="request-new"),
    path("participants/<int:pk>/agenda/", views.agenda, name="agenda"),
    path("participants/<int:pk>/agenda.pdf", views.agenda_pdf, name="agenda-pdf"),
    path("request/", views.request_start, name="request-start"),
    path("requests/<int:pk>/answer/", views.request_answer, name="request-answer"),
    path("meetings/<int:pk>/outcome/<int:participant_pk>/", views.outcome_record, name="outcome"),
    path("meetings/<int:pk>/<str:action>/", views.meeting_change, name="meeting-change"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
