"""Deep snapshots of a call's arguments, to see what the student's code changed in place.

snapshot(value) flattens anything a function can receive into {path: copy}: arrays inside
lists, tuples and dicts, Python lists of numbers, an nnlib or torch model's parameters and
buffers, an optimiser's state, nnlib and torch tensors, and the attributes of small objects.
changed(before, after) names the first entry that differs: "weights[1]", "model: 0.weight".
"""

import numpy as np

_PLAIN = (bool, int, float, complex, str, bytes, type(None), np.generic)
_MAX_DEPTH = 6


def _is_torch_tensor(value):
    return hasattr(value, "detach") and hasattr(value, "cpu") and hasattr(value, "numpy")


def _array(value):
    """A copy of a tensor's or array's numbers, or None."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if _is_torch_tensor(value):
        return value.detach().cpu().numpy().copy()
    data = getattr(value, "data", None)          # an nnlib Tensor or Parameter
    if isinstance(data, np.ndarray) and hasattr(value, "requires_grad"):
        return data.copy()
    return None


def snapshot(value, path="", depth=0, seen=None, out=None):
    """{path: copy of the numbers or value there} for everything reachable from value that can change."""
    out = {} if out is None else out
    seen = set() if seen is None else seen
    if isinstance(value, _PLAIN):
        out[path] = value
        return out
    array = _array(value)
    if array is not None:
        out[path] = array
        return out
    if id(value) in seen or depth > _MAX_DEPTH or callable(value) and not hasattr(value, "state_dict"):
        return out                                # functions, classes: nothing a check compares
    seen.add(id(value))
    try:
        if isinstance(value, (list, tuple)):
            out[f"{path} (its length)"] = len(value)
            for i, item in enumerate(value):
                snapshot(item, f"{path}[{i}]", depth + 1, seen, out)
        elif isinstance(value, dict):
            out[f"{path} (its keys)"] = repr(sorted(map(repr, value)))
            for key, item in value.items():
                snapshot(item, f"{path}[{key!r}]", depth + 1, seen, out)
        elif hasattr(value, "state_dict") and callable(value.state_dict):
            # a model (parameters and buffers) or an optimiser (its memory and settings)
            state = value.state_dict()
            for key, item in (state.items() if isinstance(state, dict) else ()):
                snapshot(item, f"{path}: {key}", depth + 1, seen, out)
        elif hasattr(value, "__dict__"):
            for key, item in vars(value).items():
                snapshot(item, f"{path}.{key}", depth + 1, seen, out)
    except Exception:  # an object that cannot be read is not compared
        pass
    return out


def _same(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)) or a.shape != b.shape:
            return False
        if a.dtype != b.dtype and not (a.dtype.kind in "fc" and b.dtype.kind in "fc"):
            return False
        return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc" and b.dtype.kind in "fc"))
    if isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b):
        return True
    try:
        return bool(a == b)
    except Exception:
        return False


def changed(before, after):
    """The path of the first entry that differs between two snapshots, or None."""
    for path, value in before.items():
        if path not in after or not _same(value, after[path]):
            return path
    for path in after:
        if path not in before:
            return path
    return None


def describe(name, path):
    """`weights[1]` or `model` (0.weight) for a verdict."""
    if not path or path.startswith("[") or path.startswith(" "):
        return f"`{name}{path}`"
    return f"`{name}` ({path.lstrip(':. ')})"
