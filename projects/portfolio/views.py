from django.core.paginator import Paginator
from django.shortcuts import render

from projects.portfolio import export, query, timeline
from projects.portfolio.filters import PortfolioFilter

PAGE_SIZE = 25


def project_list(request):
    """The portfolio: filtered, paginated, with a timeline; `?export=csv|xlsx` exports it all."""
    filterset = PortfolioFilter(request.GET, queryset=query.portfolio_projects(request.user))
    export_format = request.GET.get("export")
    if export_format in export.EXPORT_FORMATS:
        return export.export_response(query.portfolio_rows(filterset.qs), export_format)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = query.portfolio_rows(page.object_list)
    kept = request.GET.copy()
    kept.pop("page", None)
    kept.pop("export", None)
    return render(
        request,
        "projects/portfolio/list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": rows,
            "query": kept.urlencode(),
            **timeline.timeline_context(rows),
        },
    )
