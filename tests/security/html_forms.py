"""Read the forms of a page as a browser would, to submit them as a browser would.

The security tests post what the page itself offers (its hidden version fields, its
selected options, its textareas) and change only what the scenario changes; that way a test
keeps working when a form gains a field.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Control:
    tag: str  # input, textarea, select, button
    type: str
    name: str
    value: str = ""
    checked: bool = False
    multiple: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # (value, selected)

    @property
    def is_button(self) -> bool:
        return self.tag == "button" and self.type in ("submit", "") or self.type == "submit"


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    controls: list[Control] = field(default_factory=list)

    @property
    def names(self) -> set[str]:
        return {c.name for c in self.controls if c.name and not c.is_button}

    @property
    def buttons(self) -> list[tuple[str, str]]:
        return [(c.name, c.value) for c in self.controls if c.is_button]

    def data(self, button: tuple[str, str] | None = None, **changes) -> dict[str, list[str]]:
        """What the browser sends: the successful controls, then `changes` on top."""
        sent: dict[str, list[str]] = {}
        for control in self.controls:
            if not control.name or control.is_button or control.type == "file":
                continue
            if control.type in ("checkbox", "radio"):
                if control.checked:
                    sent.setdefault(control.name, []).append(control.value or "on")
            elif control.tag == "select":
                chosen = [value for value, selected in control.options if selected]
                if not chosen and not control.multiple and control.options:
                    chosen = [control.options[0][0]]
                if chosen:
                    sent.setdefault(control.name, []).extend(chosen)
            else:
                sent.setdefault(control.name, []).append(control.value)
        if button and button[0]:
            sent[button[0]] = [button[1]]
        for name, value in changes.items():
            sent[name] = value if isinstance(value, list) else [value]
        return sent


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: Control | None = None
        self._select: Control | None = None
        self._option: list | None = None

    def handle_starttag(self, tag, attrs):
        a = {key: (value if value is not None else "") for key, value in attrs}
        if tag == "form":
            self._form = Form(
                action=a.get("action", ""),
                method=a.get("method", "get").lower(),
                enctype=a.get("enctype", ""),
            )
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            self._form.controls.append(
                Control("input", kind, a.get("name", ""), a.get("value", ""), "checked" in a)
            )
        elif tag == "button":
            kind = a.get("type", "submit").lower()
            self._form.controls.append(
                Control("button", kind, a.get("name", ""), a.get("value", ""))
            )
        elif tag == "textarea":
            self._textarea = Control("textarea", "textarea", a.get("name", ""))
            self._form.controls.append(self._textarea)
        elif tag == "select":
            self._select = Control("select", "select", a.get("name", ""), multiple="multiple" in a)
            self._form.controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, ""]
            self._select.options.append(("", False))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            # The HTML parser keeps the newline a browser drops right after <textarea>.
            if self._textarea.value.startswith("\n"):
                self._textarea.value = self._textarea.value[1:]
            self._textarea = None
        elif tag == "option":
            self._close_option()
        elif tag == "select":
            self._close_option()
            self._select = None

    def _close_option(self):
        if self._option is None or self._select is None:
            return
        value, selected, text = self._option
        self._select.options[-1] = (text.strip() if value is None else value, selected)
        self._option = None


def forms_in(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.forms


def post_forms(html: str) -> list[Form]:
    """The page's POST forms, leaving out the sign-out button of the header."""
    return [
        form for form in forms_in(html) if form.method == "post" and "uitloggen" not in form.action
    ]


def main_form(html: str) -> Form:
    """The one POST form of a form page (besides sign-out)."""
    forms = post_forms(html)
    assert forms, "the page has no form"
    return max(forms, key=lambda form: len(form.controls))
