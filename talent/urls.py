from django.urls import include, path

from talent import views

app_name = "talent"

course_patterns = [
    path("", views.CourseDetailView.as_view(), name="course-detail"),
    path("publish/", views.CoursePublishView.as_view(), name="course-publish"),
    path("edit/", views.CourseEditView.as_view(), name="course-edit"),
    path("unpublish/", views.CourseUnpublishView.as_view(), name="course-unpublish"),
    path("sessions/new/", views.SessionCreateView.as_view(), name="session-create"),
    path("calendar.ics", views.CourseFeedView.as_view(), name="feed-course"),
]

session_patterns = [
    path("", views.SessionDetailView.as_view(), name="session-detail"),
    path("enrol/", views.SessionEnrolView.as_view(), name="session-enrol"),
    path("publish/", views.SessionPublishView.as_view(), name="session-publish"),
    path("edit/", views.SessionEditView.as_view(), name="session-edit"),
    path("roster/", views.RosterView.as_view(), name="session-roster"),
    path("roster.csv", views.RosterCsvView.as_view(), name="session-roster-csv"),
    path("attendance/", views.AttendanceMarkView.as_view(), name="session-attendance"),
    path("complete/", views.SessionCompleteView.as_view(), name="session-complete"),
    path("assessment/", views.AssessmentView.as_view(), name="session-assessment"),
    path("cancel/", views.SessionCancelView.as_view(), name="session-cancel"),
]

occurrence_patterns = [
    path("cancel/", views.OccurrenceChangeView.as_view(action="cancel"), name="occurrence-cancel"),
    path("move/", views.OccurrenceChangeView.as_view(action="move"), name="occurrence-move"),
    path("code/", views.CheckInCodeIssueView.as_view(), name="occurrence-code"),
    path("attendance/", views.AttendanceBulkView.as_view(), name="occurrence-attendance"),
    path("check-in/", views.CheckInView.as_view(), name="occurrence-check-in"),
]

calendar_patterns = [
    path("", views.CalendarView.as_view(), name="calendar"),
    path("trainers/<int:user_id>.ics", views.TrainerFeedView.as_view(), name="feed-trainer"),
    path("counties/<str:code>.ics", views.CountyFeedView.as_view(), name="feed-county"),
    path("me/<str:token>.ics", views.PersonFeedView.as_view(), name="feed-person"),
]

certificate_patterns = [
    path("", views.CertificateDetailView.as_view(), name="certificate-detail"),
    path("pdf/", views.CertificatePdfView.as_view(), name="certificate-pdf"),
    path("revoke/", views.CertificateRevokeView.as_view(), name="certificate-revoke"),
]

exchange_patterns = [
    path("", views.ExchangeDetailView.as_view(), name="exchange-detail"),
    path("certificate/", views.ExchangeCertificateView.as_view(), name="exchange-certificate"),
    path("approve/", views.ExchangeActionView.as_view(action="approve"), name="exchange-approve"),
    path("start/", views.ExchangeActionView.as_view(action="start"), name="exchange-start"),
    path("complete/", views.ExchangeActionView.as_view(action="complete"), name="exchange-complete"),
    path("cancel/", views.ExchangeCancelView.as_view(), name="exchange-cancel"),
]

urlpatterns = [
    path("courses/", views.CourseListView.as_view(), name="course-list"),
    path("courses/new/", views.CourseCreateView.as_view(), name="course-create"),
    path("courses/<int:pk>/", include(course_patterns)),
    path("sessions/<int:pk>/", include(session_patterns)),
    path("occurrences/<int:pk>/", include(occurrence_patterns)),
    path("enrolments/<int:pk>/cancel/", views.EnrolmentActionView.as_view(action="cancel"), name="enrolment-cancel"),
    path("enrolments/<int:pk>/approve/", views.EnrolmentActionView.as_view(action="approve"), name="enrolment-approve"),
    path("calendar/", include(calendar_patterns)),
    path("me/", views.MyLearningView.as_view(), name="my-learning"),
    path("me/calendar-token/", views.CalendarTokenRegenerateView.as_view(), name="calendar-token-regenerate"),
    path("people/<int:user_id>/", views.PersonRecordView.as_view(), name="person-record"),
    path("people/<int:user_id>/record.csv", views.PersonRecordCsvView.as_view(), name="person-record-csv"),
    path("certificates/<str:code>/", include(certificate_patterns)),
    path("verify/", views.CertificateVerifyView.as_view(), name="certificate-verify"),
    path("exchanges/", views.ExchangeListView.as_view(), name="exchange-list"),
    path("exchanges/new/", views.ExchangeCreateView.as_view(), name="exchange-create"),
    path("exchanges/<int:pk>/", include(exchange_patterns)),
]
