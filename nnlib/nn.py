"""`nnlib.nn`: everything to build a network, as in `torch.nn`."""

from . import functional, init
from .layers import (
                     BatchNorm1d,
                     Dropout,
                     Flatten,
                     Identity,
                     LeakyReLU,
                     Linear,
                     Module,
                     Parameter,
                     ReLU,
                     Sequential,
                     Sigmoid,
                     Tanh,
)
from .losses import CrossEntropyLoss, MSELoss

__all__ = ["BatchNorm1d", "CrossEntropyLoss", "Dropout", "Flatten", "Identity", "LeakyReLU", "Linear",
           "MSELoss", "Module", "Parameter", "ReLU", "Sequential", "Sigmoid", "Tanh", "functional", "init"]
