"""From a report kind and its arguments to PDF bytes: the content module's context, the
document (cover, introduction, concept or final) and the print template."""

import datetime
import time
from dataclasses import dataclass

from django.utils import timezone

from reporting.kinds import ReportKind
from reporting.render import DEFAULT_AUTHOR, PrintDocument, render_template_pdf


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    seconds: float


def author_of(user) -> str:
    if user is None:
        return DEFAULT_AUTHOR
    name = user.get_full_name() or user.get_username()
    return f"{name}, {DEFAULT_AUTHOR}"


def render_kind(
    kind: ReportKind,
    *,
    title: str,
    year: int | None,
    is_concept: bool,
    introduction: str = "",
    subtitle: str = "",
    status: str = "",
    author: str = DEFAULT_AUTHOR,
    day: datetime.date | None = None,
    build_kwargs: dict,
    extra: dict | None = None,
) -> Rendered:
    """Build the content from the live data and render it; times the whole of it."""
    started = time.perf_counter()
    context = dict(kind.build_context(**build_kwargs))
    context.setdefault("toc", [])
    context["document"] = PrintDocument(
        title=title,
        year=year,
        date=day or timezone.localdate(),
        is_concept=is_concept,
        introduction=introduction,
        author=author,
        subtitle=subtitle,
        status=status,
        extra=extra or {},  # the colofon's adopted_in (reporting/pdf/_colofon.html)
    )
    pdf = render_template_pdf(kind.template_name, context)
    return Rendered(pdf=pdf, seconds=time.perf_counter() - started)
