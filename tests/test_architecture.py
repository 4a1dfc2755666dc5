"""The shape of the code: dependencies point one way, one place commits, small modules.

These read the source (no app is built), so they fail the moment a change breaks a rule,
with the module and line to look at.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "directory_app"
# From the bottom up; a module may import only from its own layer or those below it.
LAYERS = ("domain", "core", "models", "i18n", "web")
FEATURES = (
    "accounts", "buddies", "directory", "discovery", "geo", "groups", "health", "inbox", "listings",
    "openactive", "oruk", "outcomes", "pages", "referrals", "reports", "search", "seeding",
    "shortlists",
)  # fmt: skip
TRANSACTION_BOUNDARY = "directory_app.core.transaction"


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


MODULES = _modules()


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every directory_app module this file imports (at any depth of the file), with lines."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.append((submodule if submodule in MODULES else node.module, node.lineno))
    return [(name, line) for name, line in found if name in MODULES]


GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def _layer(module: str) -> tuple[int, str]:
    """(rank, part) of a module: its layer's rank, features above the layers, the app above
    everything."""
    parts = module.split(".")
    if len(parts) == 1:
        return len(LAYERS) + 1, "app"
    top = parts[1]
    if top in LAYERS:
        return LAYERS.index(top), top
    return len(LAYERS), top


def test_there_is_no_import_cycle():
    """Tarjan's strongly connected components over the import graph: none may hold two."""
    index, low, on_stack, stack, cycles = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target, _line in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in GRAPH:
        if module not in index:
            visit(module)
    assert cycles == []


def test_layers_import_only_downwards():
    wrong = []
    for module, imports in GRAPH.items():
        rank, _part = _layer(module)
        for target, line in imports:
            if _layer(target)[0] > rank:
                wrong.append(f"{MODULES[module].name}:{line} ({module}) imports {target}")
    assert wrong == []


def test_no_feature_imports_another_features_views():
    wrong = []
    for module, imports in GRAPH.items():
        _rank, part = _layer(module)
        for target, line in imports:
            target_part = _layer(target)[1]
            is_views = target.rsplit(".", 1)[-1].endswith("views")
            if is_views and target_part in FEATURES and target_part != part and part != "app":
                wrong.append(f"{module}:{line} imports {target}")
    assert wrong == []


def _calls_named(tree, names: set[str]):
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in names
        ):
            receiver = ast.unparse(node.func.value)
            if "writer" not in receiver:  # a Whoosh index writer commits the index, not data
                yield node.lineno, f"{receiver}.{node.func.attr}()"


@pytest.mark.parametrize("method", ["commit", "rollback"])
def test_only_the_transaction_boundary_commits_or_rolls_back(method):
    found = [
        f"{module}:{line} {call}"
        for module, path in MODULES.items()
        if module != TRANSACTION_BOUNDARY
        for line, call in _calls_named(ast.parse(path.read_text("utf-8")), {method})
    ]
    assert found == []


def test_the_boundary_test_would_see_a_commit():
    """The rule above can fail: a session commit is found, a Whoosh writer's is not."""
    tree = ast.parse("db.session.commit()\nwriter.commit()\nsession.rollback()\n")
    assert [call for _line, call in _calls_named(tree, {"commit", "rollback"})] == [
        "db.session.commit()",
        "session.rollback()",
    ]


def test_at_most_four_top_level_modules_besides_packages():
    top_level = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top_level) <= 4, top_level


def test_no_module_is_over_300_lines():
    long = {
        module: lines
        for module, path in MODULES.items()
        if (lines := len(path.read_text("utf-8").splitlines())) > 300
    }
    assert long == {}
