"""`nnlib.nn.functional` (torch.nn.functional): the fused operations of `nnlib/functional.py`."""

from ..functional import (
                          batch_norm,
                          binary_cross_entropy_with_logits,
                          cross_entropy,
                          dropout,
                          leaky_relu,
                          linear,
                          log_softmax,
                          mse_loss,
                          relu,
                          sigmoid,
                          softmax,
                          tanh,
)

__all__ = ["batch_norm", "binary_cross_entropy_with_logits", "cross_entropy", "dropout", "leaky_relu", "linear",
           "log_softmax", "mse_loss", "relu", "sigmoid", "softmax", "tanh"]
