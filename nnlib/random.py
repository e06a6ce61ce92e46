"""One seeded random generator for everything random in nnlib.

`manual_seed(n)` resets it, so weight initialisation, dropout masks and data
shuffling repeat exactly. Functions that draw random numbers also accept their
own `generator=` (a `np.random.Generator`), as in PyTorch.
"""

import numpy as np

_generator = np.random.default_rng(0)


def manual_seed(seed):
    """Seed nnlib's global generator, like `torch.manual_seed(seed)`."""
    global _generator
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"manual_seed expected a non-negative integer seed, got {seed!r}")
    _generator = np.random.default_rng(int(seed))


def default_generator():
    """The generator used when a function is given no `generator=`."""
    return _generator


def get_generator(generator=None):
    return _generator if generator is None else generator
