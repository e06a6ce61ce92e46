"""`nnlib.nn.init` (torch.nn.init): the initialisers of `nnlib/init.py`."""

from ..init import (
                    constant_,
                    kaiming_normal_,
                    kaiming_uniform_,
                    normal_,
                    uniform_,
                    xavier_normal_,
                    xavier_uniform_,
                    zeros_,
)

__all__ = ["constant_", "kaiming_normal_", "kaiming_uniform_", "normal_", "uniform_", "xavier_normal_",
           "xavier_uniform_", "zeros_"]
