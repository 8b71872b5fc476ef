"""The one DRF router of the site. Each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from catalog.api.views import CapabilityViewSet, DomainViewSet, ScenarioViewSet, SolutionViewSet
from core.api_views import NotificationViewSet
from directory.api.views import MembershipViewSet, OrganizationViewSet, RegionViewSet
from matching.proposals.api.views import AwardViewSet, EngagementViewSet, EvaluationViewSet, ProposalViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("domains", DomainViewSet, basename="domain")
router.register("capabilities", CapabilityViewSet, basename="capability")
router.register("scenarios", ScenarioViewSet, basename="scenario")
router.register("solutions", SolutionViewSet, basename="solution")
router.register("proposals", ProposalViewSet, basename="proposal")
router.register("evaluations", EvaluationViewSet, basename="evaluation")
router.register("awards", AwardViewSet, basename="award")
router.register("engagements", EngagementViewSet, basename="engagement")
router.register("notifications", NotificationViewSet, basename="notification")
