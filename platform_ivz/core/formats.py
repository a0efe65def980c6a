"""The agreed formats of the seed's appendices: a label and help questions per field.

The texts are Dutch and verbatim from the seed, so they are not translated.
"""

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class FormatField:
    label: str
    intro: str
    questions: list[str] = field(default_factory=list)
    outro: str = ""

    def help_html(self) -> str:
        """The help text as HTML: intro, the help questions as a list, closing remark."""
        parts = [format_html('<span class="d-block">{}</span>', self.intro)]
        if self.questions:
            items = format_html_join("", "<li>{}</li>", ((q,) for q in self.questions))
            parts.append(format_html('<ul class="list-unstyled mb-0">{}</ul>', items))
        if self.outro:
            parts.append(format_html('<span class="d-block">{}</span>', self.outro))
        return mark_safe("".join(parts))  # noqa: S308 - every part was escaped by format_html
