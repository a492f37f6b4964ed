"""The package's floor plan holds: imports run one way between layers, and no module imports itself back.

Every import counts, including those inside functions and under ``TYPE_CHECKING``: a deferred import
that closes a cycle is the sign that two modules do not know which of them owns a thing.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "judgeaudit"

# lowest first; a layer may import the layers before it, never a later one or a sibling of its own layer
LAYERS: list[set[str]] = [
    {"errors", "registry"},
    {"io"},
    {"contracts"},
    {"backends", "metrics", "datasets"},
    {"judges", "stats", "gate"},
    {"probes", "importers", "ranking"},
    {"runner", "pages"},
    {"verbs"},
    {"cli"},
]
LAYER_OF = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(name: str) -> Iterator[tuple[str, int]]:
    """Every package module ``name`` imports, and the line, wherever the import statement stands."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:  # judgeaudit.x.y where y is a name in module judgeaudit.x
                target = target.rpartition(".")[0]
            if target.startswith("judgeaudit") and target != name:
                yield target, node.lineno


def layer(name: str) -> str | None:
    """The top-level package (or root module) a module belongs to; None for the package's own ``__init__``/``__main__``."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] != "__main__" else None


def test_every_top_level_package_and_root_module_has_a_layer() -> None:
    assert {layer(m) for m in MODULES} - {None} == set(LAYER_OF)


def test_the_package_root_holds_only_what_every_layer_uses() -> None:
    root = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert root == ["__init__.py", "__main__.py", "errors.py", "registry.py"]


def test_imports_run_from_higher_layers_to_lower_ones_only() -> None:
    wrong = []
    for name in MODULES:
        here = layer(name)
        if here is None:
            continue
        for target, line in imports(name):
            there = layer(target)
            if there is None and here != "cli":  # the CLI calls the public API, which nothing below it may
                wrong.append(f"{MODULES[name].relative_to(PACKAGE.parent)}:{line} imports {target}, the package's API")
            elif there is not None and there != here and LAYER_OF[there] >= LAYER_OF[here]:
                wrong.append(f"{MODULES[name].relative_to(PACKAGE.parent)}:{line}: {here} imports {there} ({target})")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycle_between_modules() -> None:
    graph = {name: sorted({t for t, _ in imports(name)}) for name in MODULES}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    assert not cycles, "\n".join(" <-> ".join(c) for c in cycles)
