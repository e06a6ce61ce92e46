"""Loss functions as modules, named as in `torch.nn`."""

from . import functional as F
from .module import Module
from .tensor import Tensor


class MSELoss(Module):
    """Mean squared error, for regression: mean((input - target)^2)."""

    def __init__(self, reduction="mean"):
        F._check_reduction(reduction)
        self.reduction = reduction

    def forward(self, input, target):
        return F.mse_loss(input, target, reduction=self.reduction)


class CrossEntropyLoss(Module):
    """Cross-entropy for classification, from logits (N, C) and integer labels (N,).

    Like torch, it expects raw scores, not probabilities: the softmax is inside,
    computed stably as a log-softmax. Labels equal to `ignore_index` (-100) are
    left out; `label_smoothing` = eps aims at (1 - eps) one_hot + eps / C; `weight` (C,) weighs
    each class (see nnlib.functional.cross_entropy).
    """

    def __init__(self, weight=None, *, ignore_index=-100, reduction="mean", label_smoothing=0.0):
        F._check_reduction(reduction)
        if not 0.0 <= label_smoothing <= 1.0:
            raise ValueError(f"CrossEntropyLoss: label_smoothing must be in [0, 1], got {label_smoothing!r}")
        if weight is not None:  # a buffer, as torch's: one weight per class
            weight = weight if isinstance(weight, Tensor) else Tensor(weight)
            if weight.ndim != 1 or weight.dtype.kind != "f":
                raise ValueError(f"CrossEntropyLoss: weight must be a 1-D float tensor with one weight per class, "
                                 f"got shape {tuple(weight.shape)} and dtype {weight.dtype}")
        self.weight = weight
        self.ignore_index, self.reduction, self.label_smoothing = ignore_index, reduction, label_smoothing

    def forward(self, input, target):
        return F.cross_entropy(input, target, self.weight, ignore_index=self.ignore_index, reduction=self.reduction,
                               label_smoothing=self.label_smoothing)


class BCEWithLogitsLoss(Module):
    """Binary cross-entropy from raw scores (logits) and 0/1 targets of the same shape.

    The sigmoid is inside, computed stably, as in torch: pass scores, not probabilities.
    """

    def __init__(self, reduction="mean"):
        F._check_reduction(reduction)
        self.reduction = reduction

    def forward(self, input, target):
        return F.binary_cross_entropy_with_logits(input, target, reduction=self.reduction)
