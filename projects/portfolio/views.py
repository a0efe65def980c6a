import json

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from platform_ivz.core.filters import SearchFilter
from projects.portfolio import export, query, timeline
from projects.portfolio.filters import PortfolioFilter

PAGE_SIZE = 25


def project_list(request):
    """The portfolio: filtered, paginated, with a timeline; `?export=csv|xlsx` exports it all."""
    filterset = PortfolioFilter(
        request.GET, queryset=query.portfolio_projects(request.user), user=request.user
    )
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


# JSON that is safe even if a browser were to read it as HTML (as Django's json_script does).
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@require_GET
def people(request):
    """The people filters' suggestions: `?rol=projectleider|portefeuillehouder&q=words`.

    Only people the user may see in that role on the portfolio (query.people_in_portfolio),
    at most query.PEOPLE_LIMIT of them, in one query whatever the number of people.
    """
    role = request.GET.get("rol", "")
    if role not in query.PEOPLE_ROLES:
        return HttpResponse(status=400)
    term = request.GET.get("q", "")[: SearchFilter.MAX_LENGTH]
    people, more = query.people_matching(request.user, role, term)
    body = json.dumps(
        {
            "results": [{"value": str(person.pk), "text": str(person)} for person in people],
            "more": more,
        },
        ensure_ascii=False,
    ).translate(_JSON_ESCAPES)
    return HttpResponse(body, content_type="application/json")
