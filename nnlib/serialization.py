"""Saving and loading weights as a plain NumPy `.npz` file (no pickle).

A pickle file can run code when loaded, so a shared model file would be unsafe;
a `.npz` of named arrays is just numbers and loads with allow_pickle=False.
`load` looks at what it opened first, so a PyTorch checkpoint, a `.npy` file or a
pickled model gets a message that says what it is and what to do instead.
"""

import os
import zipfile

import numpy as np

from .tensor import Tensor


def _check_path(path, where):
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{where}: path must be a file name (str or pathlib.Path), got {type(path).__name__}")


def save(state_dict, path):
    """Write {name: array} (e.g. `model.state_dict()`) to `path` as .npz."""
    if not isinstance(state_dict, dict):
        raise TypeError(f"save expected a dict of arrays such as model.state_dict(), got "
                        f"{type(state_dict).__name__}")
    _check_path(path, "save")
    arrays = {}
    for name, value in state_dict.items():
        if not isinstance(name, str):
            raise TypeError(f"save: every name in the dict must be a string, got {name!r}")
        array = np.asarray(value.data if isinstance(value, Tensor) else value)
        if array.dtype.kind not in "biuf":
            raise TypeError(f"save: {name!r} is a {type(value).__name__}, not an array of numbers; save only "
                            f"weights, e.g. nnlib.save(model.state_dict(), path)")
        arrays[name] = array
    with open(path, "wb") as f:
        np.savez(f, **arrays)


def load(path, weights_only=True, map_location=None):
    """Read a file written by `save` back into {name: np.ndarray}.

    weights_only and map_location are accepted for torch's spelling `torch.load(path, weights_only=True)`:
    nnlib files only ever hold weights, and only on the CPU.
    """
    from .dtypes import check_device

    check_device(map_location)
    _check_path(path, "load")
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(b"\x93NUMPY"):
        raise ValueError(f"load: {path} holds a single array (a .npy file from np.save), not a state dict; "
                         f"read it with np.load(path)")
    if not head.startswith(b"PK"):
        kind = "a pickle file (it can run code when unpickled)" if head.startswith(b"\x80") else "not a .npz file"
        raise ValueError(f"load: {path} is {kind}; nnlib.load reads the .npz files that nnlib.save writes: "
                         f"save weights with nnlib.save(model.state_dict(), path)")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    if any(name.endswith("data.pkl") for name in names):
        raise ValueError(f"load: {path} is a PyTorch checkpoint (torch.save); convert it with "
                         f"nnlib.save({{k: v.numpy() for k, v in torch.load(path).items()}}, 'weights.npz')")
    with np.load(path, allow_pickle=False) as archive:
        try:
            return {name: archive[name] for name in archive.files}
        except ValueError as error:  # an entry holds pickled Python objects, not numbers
            raise ValueError(f"load: {path} holds Python objects, not only arrays of numbers; nnlib never "
                             f"unpickles them: save weights with nnlib.save(model.state_dict(), path)") from error
