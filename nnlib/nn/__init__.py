"""`nnlib.nn`: everything to build a network, as in `torch.nn`.

`import nnlib.nn as nn`, `import nnlib.nn.functional as F` and `nnlib.nn.init` work as
their torch spellings do.
"""

from ..containers import ModuleList, Sequential
from ..layers import (
                      BatchNorm1d,
                      Dropout,
                      Flatten,
                      Identity,
                      LeakyReLU,
                      Linear,
                      LogSoftmax,
                      ReLU,
                      Sigmoid,
                      Softmax,
                      Tanh,
)
from ..losses import BCEWithLogitsLoss, CrossEntropyLoss, MSELoss
from ..module import Module, Parameter
from . import functional, init

__all__ = ["BCEWithLogitsLoss", "BatchNorm1d", "CrossEntropyLoss", "Dropout", "Flatten", "Identity", "LeakyReLU",
           "Linear", "LogSoftmax", "MSELoss", "Module", "ModuleList", "Parameter", "ReLU", "Sequential", "Sigmoid",
           "Softmax", "Tanh", "functional", "init"]
