from __future__ import annotations

from django.core.paginator import Paginator


class SafePaginationMixin:
    """ListView pagination that treats a bad ``page`` (text, 0, past the end) as the nearest valid page, not a 404."""

    paginate_by = 20

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size, allow_empty_first_page=True)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()
