"""Reads of the catalog that depend on who asks. Each owns its joins, so list pages run a fixed number of
queries whatever the page size."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from catalog.concepts import SiteVocabulary, site_vocabulary
from catalog.models import (
    Attachment,
    Batch,
    Capability,
    Deployment,
    OpenResource,
    Question,
    ResourceRequest,
    ReviewPolicy,
    Scenario,
    ScenarioKpi,
    Solution,
)
from directory.models import Organization
from directory.selectors import affiliations_of, organization_ids_of

MAX_SEARCH_TERMS = 8

# Long texts no list shows (pages, API lists, exports): lists leave them in the database.
SCENARIO_LIST_DEFERRED = ("problem_statement", "expected_outcomes", "open_resources", "search_text")
SOLUTION_LIST_DEFERRED = ("description", "search_text")


def scenarios_base() -> QuerySet[Scenario]:
    return (
        Scenario.objects.with_state()
        .select_related("owner", "county", "county__parent", "domain")
        .prefetch_related(Prefetch("capabilities", queryset=Capability.objects.order_by("code")))
    )


def reviewing_city_codes(user, *, editors: bool = False) -> list[str]:
    """The city-level regions whose county scenarios the user's city offices (市数据局) review."""
    offices = affiliations_of(user).organizations(kinds=[Organization.Kind.CITY_OFFICE], editors=editors, verified=True)
    return [o.region_id for o in offices]


def scenarios_visible_to(*, user) -> QuerySet[Scenario]:
    """Published scenarios for everyone; drafts only for the owner office's members and the provincial office;
    scenarios in review (or later) also for the city office over the county."""
    queryset = scenarios_base()
    if affiliations_of(user).is_overseer:
        return queryset
    condition = Q(published_at__isnull=False) | Q(owner_id__in=organization_ids_of(user))
    cities = reviewing_city_codes(user)
    if cities:
        condition |= Q(county__parent_id__in=cities) & ~Q(status=Scenario.Status.DRAFT)
    return queryset.filter(condition)


def scenarios_for_city_review(*, user) -> QuerySet[Scenario]:
    """Submitted scenarios of the counties under the user's city offices (admins and editors), oldest first."""
    cities = reviewing_city_codes(user, editors=True)
    return (
        scenarios_base()
        .filter(status=Scenario.Status.SUBMITTED, county__parent_id__in=cities)
        .order_by("updated_at", "id")
    )


def scenarios_awaiting_publication(*, user) -> QuerySet[Scenario]:
    """Scenarios the city approved, waiting for the province (the provincial office only), oldest first."""
    if not affiliations_of(user).is_overseer:
        return Scenario.objects.none()
    return scenarios_base().filter(status=Scenario.Status.REVIEWED).order_by("updated_at", "id")


def own_scenarios_in_review(*, user) -> QuerySet[Scenario]:
    """The user's offices' scenarios waiting for the city or the province."""
    return (
        scenarios_of_user(user=user)
        .filter(status__in=(Scenario.Status.SUBMITTED, Scenario.Status.REVIEWED))
        .order_by("updated_at", "id")
    )


def review_policies() -> QuerySet[ReviewPolicy]:
    """Every province's review setting (public: whether its scenarios go county → city → province before they are
    published), by province code. A province without a row does not review."""
    return ReviewPolicy.objects.select_related("province").order_by("province_id")


def batches_public() -> QuerySet[Batch]:
    """Every published batch with its number of scenarios, newest first (batches are public once published)."""
    return (
        Batch.objects.select_related("province")
        .annotate(n_scenarios=Count("scenarios"))
        .order_by("province_id", "-number")
    )


def batch_scenarios(batch: Batch) -> QuerySet[Scenario]:
    """The scenarios of a batch (all published by construction), graded ones first, then by title."""
    return scenarios_base().filter(batch=batch, published_at__isnull=False).order_by("-grade", "title", "id")


def scenarios_of_user(*, user) -> QuerySet[Scenario]:
    """Every scenario of the organisations the user is an active member of (the "my scenarios" page)."""
    return scenarios_base().filter(owner_id__in=organization_ids_of(user))


def scenario_detail(*, user, pk: int) -> Scenario:
    """Raises Scenario.DoesNotExist for missing and invisible scenarios alike (404, not 403)."""
    return scenarios_visible_to(user=user).prefetch_related("criteria", "attachments").get(pk=pk)


def scenario_family(*, scenario: Scenario) -> list[Scenario]:
    """The root of the adoption tree and everything adopted from it (depth-first, creation order)."""
    root = scenario
    seen = {root.pk}
    while root.replicated_from_id and root.replicated_from_id not in seen:
        root = Scenario.objects.select_related("owner", "county").get(pk=root.replicated_from_id)
        seen.add(root.pk)
    seen = {root.pk}
    family, frontier = [root], [root.pk]
    while frontier:
        children = list(
            Scenario.objects.with_state()
            .select_related("owner", "county")
            .filter(replicated_from_id__in=frontier)
            .order_by("created_at", "id")
        )
        children = [c for c in children if c.pk not in seen]
        seen.update(c.pk for c in children)
        family.extend(children)
        frontier = [c.pk for c in children]
    return family


def kpis_of(scenario: Scenario) -> list[ScenarioKpi]:
    return list(scenario.kpis.order_by("position", "id"))


def resources_of(scenario: Scenario) -> list[OpenResource]:
    return list(scenario.resources.order_by("position", "id"))


def resource_requests_visible_to(*, user, scenario: Scenario | None = None) -> QuerySet[ResourceRequest]:
    """Access requests the user may read: every request of the scenarios of the offices they belong to (and all
    for the provincial office); a firm's members see their firm's own. Newest first."""
    queryset = ResourceRequest.objects.select_related(
        "resource", "resource__scenario", "firm", "requested_by", "decided_by"
    ).order_by("-requested_at", "-id")
    if scenario is not None:
        queryset = queryset.filter(resource__scenario=scenario)
    if user is None or not user.is_authenticated:
        return queryset.none()
    if affiliations_of(user).is_overseer:
        return queryset
    org_ids = organization_ids_of(user)
    return queryset.filter(Q(resource__scenario__owner_id__in=org_ids) | Q(firm_id__in=org_ids))


def questions_for(*, scenario: Scenario, user) -> QuerySet[Question]:
    """Answered questions for everyone; the owner office and the provincial office also see unanswered ones;
    a firm sees its own unanswered questions."""
    queryset = Question.objects.filter(scenario=scenario).select_related("asker_organization", "asked_by")
    if user is not None and user.has_perm("catalog.see_asker", scenario):
        return queryset
    return queryset.filter(Q(answered_at__isnull=False) | Q(asker_organization_id__in=organization_ids_of(user)))


def solutions_base() -> QuerySet[Solution]:
    return Solution.objects.select_related("owner", "owner__region").prefetch_related(
        "domains",
        Prefetch("capabilities", queryset=Capability.objects.order_by("code")),
        Prefetch("deployments", queryset=Deployment.objects.select_related("county")),
    )


def solutions_visible_to(*, user) -> QuerySet[Solution]:
    """Published solutions for everyone; drafts and archived ones for the firm's members and the provincial office."""
    queryset = solutions_base()
    if affiliations_of(user).is_overseer:
        return queryset
    return queryset.filter(Q(status=Solution.Status.PUBLISHED) | Q(owner_id__in=organization_ids_of(user)))


def solutions_of_user(*, user) -> QuerySet[Solution]:
    return solutions_base().filter(owner_id__in=organization_ids_of(user))


def solution_detail(*, user, pk: int) -> Solution:
    return solutions_visible_to(user=user).prefetch_related("attachments").get(pk=pk)


def attachment_for_download(*, user, uuid) -> Attachment:
    """The attachment when the user may see its parent; DoesNotExist otherwise."""
    attachment = Attachment.objects.select_related("scenario__owner", "solution__owner").get(uuid=uuid)
    if attachment.scenario_id and not user.has_perm("catalog.read_scenario", attachment.scenario):
        raise Attachment.DoesNotExist
    if attachment.solution_id and not user.has_perm("catalog.read_solution", attachment.solution):
        raise Attachment.DoesNotExist
    return attachment


def search(queryset: QuerySet, query: str, *, vocabulary: SiteVocabulary | None = None) -> QuerySet:
    """Keep rows whose ``search_text`` contains every group of the query (AND), a group being a concept the query
    names (any of its labels and synonyms, so "telehealth" finds 远程医疗) or a word no concept accounts for
    (as typed); see ``vocabulary.Vocabulary.search_terms``. ``search_text`` is stored folded
    (``vocabulary.fold``), so a plain LIKE serves, and PostgreSQL answers it from a trigram index."""
    if not query or not query.strip():
        return queryset
    vocabulary = vocabulary if vocabulary is not None else site_vocabulary()
    for group in vocabulary.vocabulary.search_terms(query)[:MAX_SEARCH_TERMS]:
        condition = Q()
        for alternative in group:
            condition |= Q(search_text__contains=alternative)
        queryset = queryset.filter(condition)
    return queryset
