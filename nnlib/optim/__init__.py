"""`nnlib.optim`: optimisers (SGD, RMSprop, Adam, AdamW) and learning-rate schedules, as `torch.optim`."""

from . import lr_scheduler
from .optimizers import SGD, Adam, AdamW, Optimizer, RMSprop

__all__ = ["SGD", "Adam", "AdamW", "Optimizer", "RMSprop", "lr_scheduler"]
