"""nnlib's modules import each other in one direction only: no import cycle between them.

A cycle works only by luck of the import order (or with imports hidden inside functions), and makes
a file hard to read on its own. Module-level imports are counted (those inside functions too, in a
second test: a function-level import that closes a cycle is a cycle put off until run time).
"""

import ast
from pathlib import Path

NNLIB = Path(__file__).resolve().parent.parent / "nnlib"


def module_name(path):
    parts = list(path.relative_to(NNLIB.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path, module_level_only):
    """The nnlib modules that `path` imports (relative and absolute imports)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text())
    nodes = tree.body if module_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(base + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:  # `from . import functional` imports the module nnlib.functional
                target = f"{base}.{alias.name}"
                found.add(target if (NNLIB.parent / Path(*target.split("."))).exists()
                          or (NNLIB.parent / (target.replace(".", "/") + ".py")).exists() else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m.startswith("nnlib") and m != name}


def graph(module_level_only):
    modules = {module_name(p): p for p in NNLIB.rglob("*.py")}
    return {m: {t for t in imports(p, module_level_only) if t in modules} for m, p in modules.items()}


def find_cycle(edges):
    """One import cycle as a list of modules [a, b, ..., a], or None."""
    state = {}  # module -> "open" while its imports are explored, "done" after

    def visit(module, path):
        state[module] = "open"
        for target in sorted(edges[module]):
            if state.get(target) == "open":
                return path[path.index(target):] + [target]
            if target not in state:
                cycle = visit(target, path + [target])
                if cycle:
                    return cycle
        state[module] = "done"
        return None

    for module in sorted(edges):
        if module not in state:
            cycle = visit(module, [module])
            if cycle:
                return cycle
    return None


def test_the_import_graph_is_read_correctly():
    edges = graph(module_level_only=True)
    assert "nnlib.tensor" in edges["nnlib.functional"] and "nnlib.loader" in edges["nnlib.data"]
    assert "nnlib.nn.functional" in edges["nnlib.nn"] and "nnlib._checks" in edges["nnlib.data"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_between_nnlib_modules():
    cycle = find_cycle(graph(module_level_only=True))
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_no_import_cycle_even_through_imports_inside_functions():
    cycle = find_cycle(graph(module_level_only=False))
    assert cycle is None, "import cycle (through an import inside a function): " + " -> ".join(cycle)
