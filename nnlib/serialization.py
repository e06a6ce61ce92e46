"""Saving and loading weights as a plain NumPy `.npz` file (no pickle); whole models as torch does.

A pickle file can run code when loaded, so a shared model file would be unsafe;
a `.npz` of named arrays is just numbers and loads with allow_pickle=False.
`save(model.state_dict(), path)` writes such a file. `save(model, path)` (anything that is
not a dict of arrays) pickles the object, as `torch.save` does; `load` then refuses it unless
told `weights_only=False` (torch's default since 2.6, with torch's error), which you should
say only for a file you made yourself or trust.
`load` looks at what it opened first, so a PyTorch checkpoint or a `.npy` file gets a
message that says what it is and what to do instead.
"""

import os
import pickle
import zipfile

import numpy as np

from . import _checks
from .tensor import Tensor


def _check_path(path, where):
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{where}: path must be a file name (str or pathlib.Path), got {type(path).__name__}")


def save(state_dict, path):
    """Write {name: array} (e.g. `model.state_dict()`) to `path` as .npz; anything else is pickled (torch.save)."""
    _check_path(path, "save")
    if not isinstance(state_dict, dict):  # a whole model, as torch.save(model, path): a pickle
        with open(path, "wb") as f:
            pickle.dump(state_dict, f)
        return
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
    """Read a file written by `save` back into {name: np.ndarray} (a .npz of weights).

    weights_only=False (as torch) also reads a pickled object such as a whole model saved with
    save(model, path): unpickling can run any code, so do it only for files you trust.
    map_location is accepted for torch's spelling; nnlib has only the CPU.
    """
    from .dtypes import check_device

    check_device(map_location)
    _check_path(path, "load")
    _checks.boolean("weights_only", weights_only, "load")
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(b"\x93NUMPY"):
        raise ValueError(f"load: {path} holds a single array (a .npy file from np.save), not a state dict; "
                         f"read it with np.load(path)")
    if head.startswith(b"\x80") and not weights_only:
        with open(path, "rb") as f:
            return pickle.load(f)
    if head.startswith(b"\x80"):
        raise pickle.UnpicklingError(
            f"load: Weights only load failed: {path} is a pickle file (a whole object, e.g. a model saved with "
            f"save(model, path)), and a pickle file can run code when unpickled. Re-running load with "
            f"weights_only set to False will likely succeed, but it can result in arbitrary code execution: do it "
            f"only if you got the file from a trusted source. (Saving weights with nnlib.save(model.state_dict(), "
            f"path) avoids the question.)")
    if not head.startswith(b"PK"):
        raise ValueError(f"load: {path} is not a .npz file; nnlib.load reads the .npz files that nnlib.save writes: "
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
