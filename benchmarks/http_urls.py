"""The site's URLs plus two bare reference views (benchmark only): 20 rows of one model with one
``select_related``, as a plain template page with Django's Paginator and as a DRF ListAPIView."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from rest_framework import generics, pagination, serializers

from config.urls import urlpatterns as site_urlpatterns
from directory.models import Region


def _regions():
    return Region.objects.select_related("parent").order_by("code")


def bare_page(request):
    page = Paginator(_regions(), 20).get_page(request.GET.get("page"))
    return render(request, "bench/bare_page.html", {"page": page})


class BareRegionSerializer(serializers.ModelSerializer):
    parent_name = serializers.CharField(source="parent.name_zh", default=None)

    class Meta:
        model = Region
        fields = ["code", "name_zh", "name_en", "level", "kind", "zone", "population", "parent", "parent_name"]


class BarePagination(pagination.PageNumberPagination):
    page_size = 20


class BareList(generics.ListAPIView):
    queryset = _regions()
    serializer_class = BareRegionSerializer
    pagination_class = BarePagination
    filter_backends = []


urlpatterns = [
    path("bench/bare-page/", bare_page),
    path("bench/bare-api/", BareList.as_view()),
    *site_urlpatterns,
]
