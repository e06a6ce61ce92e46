"""nnlib: a small NumPy deep-learning library for learning how training works.

Its names follow PyTorch, so what you learn here carries straight over, and the
code of PyTorch's beginner tutorials runs after `import nnlib as torch`:

    import nnlib
    from nnlib import nn, optim

    nnlib.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))
    optimizer = optim.SGD(model.parameters(), lr=0.1)

nnlib runs on the CPU only (`nnlib.cuda.is_available()` is False).
"""

from . import (
               accelerator,
               augment,
               backends,
               cuda,
               data,
               describe,
               functional,
               init,
               metrics,
               nn,
               optim,
               plots,
               train,
               utils,
               widgets,
)
from .creation import (
               arange,
               as_tensor,
               empty,
               empty_like,
               eye,
               from_numpy,
               full,
               full_like,
               linspace,
               ones,
               ones_like,
               rand,
               rand_like,
               randint,
               randn,
               randn_like,
               zeros,
               zeros_like,
)
from .dtypes import (
               Size,
               bool,
               device,
               double,
               float,
               float16,
               float32,
               float64,
               half,
               int,
               int8,
               int16,
               int32,
               int64,
               long,
               uint8,
)
from .functions import (
               abs,
               add,
               allclose,
               argmax,
               argmin,
               cat,
               clamp,
               div,
               equal,
               exp,
               flatten,
               is_tensor,
               log,
               log_softmax,
               matmul,
               max,
               maximum,
               mean,
               min,
               minimum,
               mul,
               neg,
               numel,
               permute,
               pow,
               relu,
               reshape,
               sigmoid,
               softmax,
               sqrt,
               squeeze,
               stack,
               sub,
               sum,
               t,
               tanh,
               transpose,
               unsqueeze,
)
from .gradcheck import gradcheck, numerical_gradient, rel_error
from .graph import draw_graph, retain_grads, topological_order
from .random import manual_seed
from .serialization import load, save
from .tensor import Tensor, enable_grad, is_grad_enabled, no_grad, set_grad_enabled, tensor

__version__ = "0.1.0"

# In a notebook, every matplotlib figure is shown with a text alternative (nnlib/describe.py).
describe.register_with_ipython()


def _complete_without_jedi():
    """Tab completion in the course's browser edition, which leaves jedi out (lite/build.py, LEFT_OUT).

    The browser's kernel (pyodide-kernel) tells IPython to complete with jedi whether or not jedi is
    installed, and without it IPython's completer then offers nothing for `np.ze<Tab>`. Where jedi is
    missing this switches IPython to its own completer (names, attributes, dict keys). Returns whether it
    did: never outside the browser's Python, outside IPython, or where jedi is installed."""
    import importlib.util
    import sys

    if sys.platform != "emscripten" or importlib.util.find_spec("jedi") is not None:
        return False
    from IPython import get_ipython

    completer = getattr(get_ipython(), "Completer", None)
    if completer is None or not getattr(completer, "use_jedi", False):
        return False
    completer.use_jedi = False
    return True


_complete_without_jedi()
