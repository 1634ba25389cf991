"""
The apps' dependencies point one way (README, "DESIGN notes"): an app imports only the
apps of lower layers, and no chain of imports comes back to where it started.

The imports are read from the source with ``ast`` (every ``import``, at the top of a module
or inside a function: a deferred import is still a dependency), so the check needs nothing
installed and fails on the line that breaks the rule.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Lowest first. An app may import the apps of lower layers; apps of one layer may not
# import each other. ``bench`` (development tools) may use everything.
LAYERS = [
    ["core"],
    ["jobs"],
    ["accounts"],
    ["translations"],
    ["editorial"],
    ["api"],
    ["images"],
    ["people"],
    ["sources"],
    ["events"],
    ["saga_cms"],
    ["bench"],
]
RANK = {app: rank for rank, apps in enumerate(LAYERS) for app in apps}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, module: str):
    """Yield (line, imported module, at_top) for every import of a project app in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    top = {id(node) for node in tree.body}
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for name in names:
            if name.split(".")[0] in RANK:
                yield node.lineno, name, id(node) in top


def project_modules():
    for app in RANK:
        for path in sorted((ROOT / app).rglob("*.py")):
            yield path, module_name(path)


def test_no_app_imports_a_higher_or_sibling_layer():
    wrong = []
    for path, module in project_modules():
        app = module.split(".")[0]
        for line, name, _at_top in imported_modules(path, module):
            other = name.split(".")[0]
            if other != app and RANK[other] >= RANK[app]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} ({app}) imports {name}")
    assert not wrong, "imports against the layers:\n" + "\n".join(sorted(set(wrong)))


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one cycle of ``graph`` as a list of nodes (first == last), or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def top_level_import_graph() -> dict[str, set[str]]:
    modules = {module: path for path, module in project_modules()}
    graph = {}
    for module, path in modules.items():
        targets = set()
        for _line, name, at_top in imported_modules(path, module):
            # ``from package import module`` names a module; ``from module import name`` not.
            while name and name not in modules:
                name = name.rpartition(".")[0]
            # A module's own packages run before it anyway: not an edge that can close a loop.
            if at_top and name and not (module + ".").startswith(name + "."):
                targets.add(name)
        graph[module] = targets
    return graph


def test_no_import_cycle_between_modules():
    cycle = find_cycle(top_level_import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_no_cycle_between_apps():
    graph = {}
    for path, module in project_modules():
        app = module.split(".")[0]
        for _line, name, _at_top in imported_modules(path, module):
            if name.split(".")[0] != app:
                graph.setdefault(app, set()).add(name.split(".")[0])
    cycle = find_cycle(graph)
    assert cycle is None, "apps import each other: " + " -> ".join(cycle)


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
        ({"a": {"a"}}, ["a", "a"]),
    ],
)
def test_the_cycle_finder_finds_cycles(graph, expected):
    assert find_cycle(graph) == expected


def test_the_layer_check_sees_a_deferred_import_of_a_higher_app(tmp_path):
    source = tmp_path / "example.py"
    source.write_text("def later():\n    from events.models import Event\n", encoding="utf-8")
    assert list(imported_modules(source, "core.example")) == [(2, "events.models.Event", False)] + [
        (2, "events.models", False)
    ]
