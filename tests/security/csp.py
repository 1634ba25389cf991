"""What in an HTML page a strict Content-Security-Policy would block (a test helper)."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# Script types a browser does not execute (data blocks), so CSP does not apply to them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}
RESOURCE_ATTRIBUTES = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("source", "src"),
    ("iframe", "src"),
    ("object", "data"),
    ("embed", "src"),
}


class _Scanner(HTMLParser):
    def __init__(self, origin):
        super().__init__(convert_charrefs=True)
        self.origin, self.problems, self._inline_script = origin, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler attribute")
            if name == "style":
                self.problems.append(f"<{tag} style=…> inline style")
            if value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=“{value}”> javascript: URL")
        if tag == "style":
            self.problems.append("<style> element")
        script_type = (attrs.get("type") or "").lower()
        if tag == "script" and "src" not in attrs and script_type not in DATA_SCRIPT_TYPES:
            self._inline_script = []
        if tag in ("iframe", "object", "embed"):
            self.problems.append(f"<{tag}> element")
        if tag == "link" and "stylesheet" not in (attrs.get("rel") or "").split():
            return
        for element, attribute in RESOURCE_ATTRIBUTES:
            url = attrs.get(attribute) if tag == element else None
            if (
                url
                and urlsplit(urljoin(self.origin + "/", url)).netloc != urlsplit(self.origin).netloc
            ):
                self.problems.append(f"<{tag} {attribute}=“{url}”> from another origin")

    def handle_data(self, data):
        if self._inline_script is not None:
            self._inline_script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._inline_script is not None:
            code = "".join(self._inline_script).strip()
            self.problems.append(f"inline <script>: {code[:60]!r}")
            self._inline_script = None


def csp_violations(html: str, *, origin: str = "http://testserver") -> list[str]:
    """Return what in ``html`` would need 'unsafe-inline' or another origin to work."""
    scanner = _Scanner(origin)
    scanner.feed(html)
    scanner.close()
    return scanner.problems


def csp_directives(header: str) -> dict[str, list[str]]:
    """Parse a Content-Security-Policy header into {directive: [sources]}."""
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives
