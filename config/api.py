"""The one DRF router of the site. Each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from catalog.api.views import (
    BatchViewSet,
    CapabilityViewSet,
    DomainViewSet,
    ResourceRequestViewSet,
    ReviewPolicyViewSet,
    ScenarioViewSet,
    SolutionViewSet,
)
from core.api_views import NotificationViewSet
from directory.api.views import MembershipViewSet, OrganizationViewSet, RegionViewSet
from fairs.api.views import EventViewSet, MeetingRequestViewSet, MeetingViewSet, ParticipantViewSet
from funding.api.views import GrantViewSet
from insights.api.views import SkillDemandViewSet
from matching.api.views import RegionPairViewSet, SubscriptionViewSet
from proposals.api.panels import ExpertViewSet, PanelDrawViewSet, PanelSeatViewSet
from proposals.api.views import (
    AwardViewSet,
    EngagementViewSet,
    EvaluationViewSet,
    ProposalViewSet,
    ReplicableCaseViewSet,
)
from talent.api.views import (
    CertificateViewSet,
    CourseViewSet,
    EnrolmentViewSet,
    ExchangeViewSet,
    SessionViewSet,
    SkillViewSet,
)

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("domains", DomainViewSet, basename="domain")
router.register("capabilities", CapabilityViewSet, basename="capability")
router.register("scenarios", ScenarioViewSet, basename="scenario")
router.register("batches", BatchViewSet, basename="batch")
router.register("review-policies", ReviewPolicyViewSet, basename="reviewpolicy")
router.register("solutions", SolutionViewSet, basename="solution")
router.register("resource-requests", ResourceRequestViewSet, basename="resourcerequest")
router.register("skills", SkillViewSet, basename="skill")
router.register("courses", CourseViewSet, basename="course")
router.register("sessions", SessionViewSet, basename="session")
router.register("enrolments", EnrolmentViewSet, basename="enrolment")
router.register("certificates", CertificateViewSet, basename="certificate")
router.register("exchanges", ExchangeViewSet, basename="exchange")
router.register("skills-demand", SkillDemandViewSet, basename="skills-demand")
router.register("subscriptions", SubscriptionViewSet, basename="subscription")
router.register("region-pairs", RegionPairViewSet, basename="regionpair")
router.register("proposals", ProposalViewSet, basename="proposal")
router.register("evaluations", EvaluationViewSet, basename="evaluation")
router.register("awards", AwardViewSet, basename="award")
router.register("engagements", EngagementViewSet, basename="engagement")
router.register("panel-draws", PanelDrawViewSet, basename="paneldraw")
router.register("panel-seats", PanelSeatViewSet, basename="panelseat")
router.register("experts", ExpertViewSet, basename="expert")
router.register("replicable-cases", ReplicableCaseViewSet, basename="replicablecase")
router.register("fair-events", EventViewSet, basename="fair-event")
router.register("fair-participants", ParticipantViewSet, basename="fair-participant")
router.register("meeting-requests", MeetingRequestViewSet, basename="meeting-request")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("grants", GrantViewSet, basename="grant")
