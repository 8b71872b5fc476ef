from django.urls import path

from talent import views

app_name = "talent"

urlpatterns = [
    path("courses/", views.CourseListView.as_view(), name="course-list"),
    path("courses/<int:pk>/", views.CourseDetailView.as_view(), name="course-detail"),
    path("courses/<int:pk>/calendar.ics", views.CourseFeedView.as_view(), name="feed-course"),
    path("sessions/<int:pk>/", views.SessionDetailView.as_view(), name="session-detail"),
    path("sessions/<int:pk>/enrol/", views.SessionEnrolView.as_view(), name="session-enrol"),
    path("sessions/<int:pk>/publish/", views.SessionPublishView.as_view(), name="session-publish"),
    path("sessions/<int:pk>/roster/", views.RosterView.as_view(), name="session-roster"),
    path("sessions/<int:pk>/roster.csv", views.RosterCsvView.as_view(), name="session-roster-csv"),
    path("sessions/<int:pk>/attendance/", views.AttendanceMarkView.as_view(), name="session-attendance"),
    path("sessions/<int:pk>/complete/", views.SessionCompleteView.as_view(), name="session-complete"),
    path("occurrences/<int:pk>/code/", views.CheckInCodeIssueView.as_view(), name="occurrence-code"),
    path("occurrences/<int:pk>/check-in/", views.CheckInView.as_view(), name="occurrence-check-in"),
    path("enrolments/<int:pk>/cancel/", views.EnrolmentActionView.as_view(action="cancel"), name="enrolment-cancel"),
    path("enrolments/<int:pk>/approve/", views.EnrolmentActionView.as_view(action="approve"), name="enrolment-approve"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/trainers/<int:user_id>.ics", views.TrainerFeedView.as_view(), name="feed-trainer"),
    path("calendar/counties/<str:code>.ics", views.CountyFeedView.as_view(), name="feed-county"),
    path("calendar/me/<str:token>.ics", views.PersonFeedView.as_view(), name="feed-person"),
    path("me/", views.MyLearningView.as_view(), name="my-learning"),
    path("me/calendar-token/", views.CalendarTokenRegenerateView.as_view(), name="calendar-token-regenerate"),
    path("people/<int:user_id>/", views.PersonRecordView.as_view(), name="person-record"),
    path("people/<int:user_id>/record.csv", views.PersonRecordCsvView.as_view(), name="person-record-csv"),
    path("certificates/<str:code>/", views.CertificateDetailView.as_view(), name="certificate-detail"),
    path("certificates/<str:code>/pdf/", views.CertificatePdfView.as_view(), name="certificate-pdf"),
    path("certificates/<str:code>/revoke/", views.CertificateRevokeView.as_view(), name="certificate-revoke"),
    path("verify/", views.CertificateVerifyView.as_view(), name="certificate-verify"),
    path("exchanges/", views.ExchangeListView.as_view(), name="exchange-list"),
    path("exchanges/<int:pk>/", views.ExchangeDetailView.as_view(), name="exchange-detail"),
    path("exchanges/<int:pk>/certificate/", views.ExchangeCertificateView.as_view(), name="exchange-certificate"),
    path("exchanges/<int:pk>/approve/", views.ExchangeActionView.as_view(action="approve"), name="exchange-approve"),
    path("exchanges/<int:pk>/start/", views.ExchangeActionView.as_view(action="start"), name="exchange-start"),
    path("exchanges/<int:pk>/complete/", views.ExchangeActionView.as_view(action="complete"), name="exchange-complete"),
    path("exchanges/<int:pk>/cancel/", views.ExchangeActionView.as_view(action="cancel"), name="exchange-cancel"),
]
