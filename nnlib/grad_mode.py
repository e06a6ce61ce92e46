"""Switching gradient recording off and on: `no_grad()`, as in torch.

While recording is off, operations build no graph: use it for evaluation and for
weight updates (`p -= lr * p.grad`), which must not become part of the graph.
"""

enabled = True  # read by the engine (tensor.py) each time it records an operation


class set_grad_enabled:
    """Turn recording on (True) or off (False) inside a `with` block; also a decorator."""

    def __init__(self, mode):
        if not isinstance(mode, bool):
            raise TypeError(f"set_grad_enabled expected True or False, got {mode!r}")
        self.mode = mode

    def __enter__(self):
        global enabled
        self._previous, enabled = enabled, self.mode

    def __exit__(self, *exc):
        global enabled
        enabled = self._previous

    def __call__(self, fn):
        def wrapper(*args, **kwargs):
            with set_grad_enabled(self.mode):
                return fn(*args, **kwargs)

        wrapper.__name__, wrapper.__doc__ = fn.__name__, fn.__doc__
        return wrapper


class no_grad(set_grad_enabled):
    """`with no_grad():` records nothing, like `torch.no_grad()`. Every result has requires_grad=False.

    As a decorator it works with and without brackets: `@no_grad()` and `@no_grad`.
    """

    def __new__(cls, fn=None):
        if fn is None:
            return super().__new__(cls)
        return cls()(fn)  # used as @no_grad without brackets: decorate fn right away

    def __init__(self, fn=None):
        super().__init__(False)


class enable_grad(set_grad_enabled):
    """`with enable_grad():` records again, even inside `no_grad()`."""

    def __init__(self):
        super().__init__(True)


def is_grad_enabled():
    return enabled
