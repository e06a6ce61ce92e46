"""Saving and loading weights as a plain NumPy `.npz` file (no pickle).

A pickle file can run code when loaded, so a shared model file would be unsafe;
a `.npz` of named arrays is just numbers and loads with allow_pickle=False.
"""

import numpy as np

from .tensor import Tensor


def save(state_dict, path):
    """Write {name: array} (e.g. `model.state_dict()`) to `path` as .npz."""
    if not isinstance(state_dict, dict):
        raise TypeError(f"save expected a dict of arrays such as model.state_dict(), got "
                        f"{type(state_dict).__name__}")
    arrays = {name: np.asarray(v.data if isinstance(v, Tensor) else v) for name, v in state_dict.items()}
    with open(path, "wb") as f:
        np.savez(f, **arrays)


def load(path, weights_only=True, map_location=None):
    """Read a file written by `save` back into {name: np.ndarray}.

    weights_only and map_location are accepted for torch's spelling `torch.load(path, weights_only=True)`:
    nnlib files only ever hold weights, and only on the CPU.
    """
    from .dtypes import check_device

    check_device(map_location)
    with np.load(path, allow_pickle=False) as archive:
        return {name: archive[name] for name in archive.files}
