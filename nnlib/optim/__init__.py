"""`nnlib.optim`: optimisers (SGD, Adam, AdamW) and learning-rate schedules, as `torch.optim`."""

from . import lr_scheduler
from .optimizers import SGD, Adam, AdamW, Optimizer

__all__ = ["SGD", "Adam", "AdamW", "Optimizer", "lr_scheduler"]
