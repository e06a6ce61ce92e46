"""nnlib: a small NumPy deep-learning library for learning how training works.

Its names follow PyTorch, so what you learn here carries straight over:

    import nnlib
    from nnlib import nn, optim

    nnlib.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))
    optimizer = optim.SGD(model.parameters(), lr=0.1)
"""

from . import augment, data, functional, init, metrics, nn, optim, plots, train, widgets
from .gradcheck import gradcheck, numerical_gradient, rel_error
from .graph import draw_graph, retain_grads, topological_order
from .random import manual_seed
from .serialization import load, save
from .tensor import Tensor, is_grad_enabled, no_grad, tensor

__version__ = "0.1.0"
