"""Look at the computational graph: list its nodes and draw it with matplotlib.

Each node is a Tensor; arrows point from an operation's inputs to its output.
Weights and inputs are leaves (no incoming arrows); the loss is the root.
"""

import matplotlib.pyplot as plt
import numpy as np

from .tensor import Tensor


def _inputs(node):
    """The tensors `node` was computed from, as they were then (before any later in-place change)."""
    return tuple(p if p._versions is None else p._version_at(node._id) for p in node._parents)


def topological_order(root):
    """All tensors `root` depends on, each after the tensors it was made from."""
    order, visited = [], set()

    def visit(node):
        if node not in visited:
            visited.add(node)
            for parent in _inputs(node):
                visit(parent)
            order.append(node)

    visit(root)
    return order


def retain_grads(root):
    """Ask every intermediate node of the graph to keep its .grad after backward()."""
    for node in topological_order(root):
        node.retain_grad()


def _short(array):
    if array is None:
        return "—"
    array = np.asarray(array)
    if array.size == 1:
        return f"{array.item():.4g}"
    return f"array{array.shape}"


def draw_graph(root, ax=None, names=None):
    """Draw the graph that produced `root`: one box per tensor with its op, data and grad.

    names: optional {tensor: label} for leaves (otherwise `tensor.name` or 'leaf').
    Intermediate gradients show '—' unless kept with `retain_grads(root)` before backward().
    Returns the matplotlib Axes.
    """
    if not isinstance(root, Tensor):
        raise TypeError(f"draw_graph: root must be the Tensor whose graph to draw (e.g. the loss), got "
                        f"{type(root).__name__}")
    names = names or {}
    order = topological_order(root)
    level = {}
    for node in order:  # a node sits one column right of its rightmost input
        level[node] = 1 + max((level[p] for p in _inputs(node)), default=-1)
    columns = {}
    for node in order:
        columns.setdefault(level[node], []).append(node)

    width, height = max(level.values()) + 1, max(len(c) for c in columns.values())
    if ax is None:
        _, ax = plt.subplots(figsize=(2.6 * width + 1, 1.3 * height + 1))
    position = {}
    for col, nodes in columns.items():
        for row, node in enumerate(nodes):
            position[node] = (col, (len(nodes) - 1) / 2 - row)

    for node in order:
        inputs = _inputs(node)
        for k, parent in enumerate(inputs):
            (x0, y0), (x1, y1) = position[parent], position[node]
            # Straight arrows between neighbouring columns; bend an arrow that skips a
            # column (it would hide behind a box) or repeats an input (x * x).
            # (tensors compare element-wise with ==, so inputs are matched by identity: `is`)
            repeat = sum(p is parent for p in inputs[:k])
            again = any(p is parent for p in inputs[k + 1:])
            skips = x1 - x0 > 1
            rad = 0.0 if not (skips or repeat or again) else (0.35 + 0.2 * repeat)
            rad = -rad if repeat % 2 else rad
            ax.annotate("", xy=(x1 - 0.36, y1), xytext=(x0 + 0.36, y0),
                        arrowprops=dict(arrowstyle="->", color="0.45", lw=1.2,
                                        connectionstyle=f"arc3,rad={rad}"))
    for node, (x, y) in position.items():
        label = names.get(node) or node.name or (node._op if node._parents else "leaf")
        leaf = not node._parents
        text = f"{label}\ndata {_short(node.data)}\ngrad {_short(node.grad)}"
        ax.text(x, y, text, ha="center", va="center", fontsize=9, family="monospace",
                bbox=dict(boxstyle="round,pad=0.4", fc="#cfe2f3" if leaf else "#fde9c9",
                          ec="#0072b2" if leaf else "#e69f00", lw=1.5))
    ax.set_xlim(-0.6, width - 0.4)
    ax.set_ylim(-height / 2 - 0.2, height / 2 + 0.2)
    ax.set_axis_off()
    ax.set_title("Computational graph (blue: leaves, orange: operations; arrows: forward direction)")
    return ax
