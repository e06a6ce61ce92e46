"""Data types, devices and sizes with PyTorch's names, and the methods that convert a tensor.

nnlib keeps its numbers in NumPy arrays, so a dtype here *is* a NumPy type:
`nnlib.float32 is np.float32`, and `t.dtype == nnlib.float32` compares as in torch.
nnlib runs on the CPU only: `device("cpu")` is the one device, and asking for "cuda"
or "mps" says so plainly instead of failing somewhere deep inside.
"""

import numpy as np

float16 = half = np.float16
float32 = float = np.float32  # torch.float is float32
float64 = double = np.float64
int8, uint8, int16 = np.int8, np.uint8, np.int16
int32 = int = np.int32  # torch.int is int32
int64 = long = np.int64  # torch.long is int64, the type of class labels
bool = np.bool_

_TYPE_NAMES = {"float16": "HalfTensor", "float32": "FloatTensor", "float64": "DoubleTensor", "int8": "CharTensor",
               "uint8": "ByteTensor", "int16": "ShortTensor", "int32": "IntTensor", "int64": "LongTensor",
               "bool": "BoolTensor"}


def as_dtype(dtype, argument="dtype"):
    """The NumPy dtype for `dtype` (nnlib.float32, np.float64, float, ...); non-numeric types are refused."""
    try:
        result = np.dtype(dtype)
    except TypeError:
        result = None
    if result is None or result.kind not in "biuf":
        raise TypeError(f"{argument} must be a numeric type such as nnlib.float32, nnlib.float64, "
                        f"nnlib.int64 or nnlib.bool, got {dtype!r}")
    return result


class device:
    """Where a tensor lives. nnlib has exactly one: device(type='cpu')."""

    def __init__(self, type="cpu", index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        name = str(type)
        kind = name.split(":")[0]
        if kind != "cpu":
            raise RuntimeError(
                f"nnlib runs on the CPU only (it is a NumPy teaching library), so device {name!r} is not "
                f"available; use device='cpu', or PyTorch for GPUs (notebook 13 shows how)")
        self.type, self.index = "cpu", index

    def __repr__(self):
        return "device(type='cpu')"

    def __str__(self):
        return "cpu"

    def __eq__(self, other):
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and other.type == self.type

    __hash__ = object.__hash__


cpu = device("cpu")


def check_device(where):
    """Accept None, "cpu", "cpu:0" or a cpu device; refuse everything else with a clear message."""
    if where is None or where is cpu:
        return cpu
    if not isinstance(where, (str, device)):
        raise TypeError(f"device must be a string such as 'cpu' or an nnlib.device, got {where!r}")
    return device(where)


class Size(tuple):
    """A tensor's shape: a tuple that prints as torch's does, Size([32, 10]) (torch: torch.Size([32, 10])).

    It is a tuple all the same: x.shape == (32, 10), x.shape[0], N, D = x.shape. (nnlib's own
    messages write shapes as tuples, (32, 10), like NumPy's.)
    """

    def __repr__(self):
        return f"Size({list(self)})"

    def numel(self):
        return np.prod(self, dtype=np.int64).item()


class ConversionOps:
    """Tensor methods that change the dtype or the device: `.to()`, `.float()`, `.long()`, ...

    A change of floating dtype stays in the graph (the gradient is cast back), as in torch.
    """

    @property
    def device(self):
        return cpu

    def to(self, *args, dtype=None, device=None, non_blocking=False, copy=False):
        """to(dtype), to(device), to(device, dtype), to(other_tensor): a tensor with that dtype.

        Returns self when nothing changes (as torch does); the device must be the CPU.
        """
        for arg in args:
            if isinstance(arg, (str, type(cpu))):
                device = arg
            elif isinstance(arg, ConversionOps):  # another tensor: take its dtype
                dtype = arg.dtype
            else:
                dtype = arg
        check_device(device)
        if dtype is None or as_dtype(dtype) == self.data.dtype:
            return self.clone() if copy else self
        return self._cast(as_dtype(dtype))

    def _cast(self, dtype):
        differentiable = dtype.kind == "f"
        out = self._result(self.data.astype(dtype), (self,) if differentiable else (), f"to {dtype}")
        out._saved = ()

        def _backward(dout):
            self._accumulate(dout)  # _accumulate casts dout back to self's dtype

        out._backward = _backward
        return out

    def type(self, dtype=None):
        """Without an argument the type's name (e.g. 'nnlib.FloatTensor'); with one, `to(dtype)`."""
        if dtype is None:
            return "nnlib." + _TYPE_NAMES.get(self.data.dtype.name, self.data.dtype.name)
        return self.to(dtype)

    def float(self):
        return self.to(float32)

    def double(self):
        return self.to(float64)

    def half(self):
        return self.to(float16)

    def long(self):
        return self.to(int64)

    def int(self):
        return self.to(int32)

    def bool(self):
        return self.to(bool)

    def cpu(self):
        return self

    def cuda(self, *args, **kwargs):
        check_device("cuda")
