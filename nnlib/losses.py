"""Loss functions as modules, named as in `torch.nn`."""

from . import functional as F
from .layers import Module


class MSELoss(Module):
    """Mean squared error, for regression: mean((input - target)^2)."""

    def __init__(self, reduction="mean"):
        F._check_reduction(reduction)
        self.reduction = reduction

    def forward(self, input, target):
        return F.mse_loss(input, target, self.reduction)


class CrossEntropyLoss(Module):
    """Cross-entropy for classification, from logits (N, C) and integer labels (N,).

    Like torch, it expects raw scores, not probabilities: the softmax is inside,
    computed stably as a log-softmax.
    """

    def __init__(self, reduction="mean"):
        F._check_reduction(reduction)
        self.reduction = reduction

    def forward(self, input, target):
        return F.cross_entropy(input, target, self.reduction)
