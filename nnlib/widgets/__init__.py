"""Interactive explorers for the notebooks: move a control, see training change.

Each explorer holds its controls (ipywidgets), one matplotlib figure `.fig` that
is redrawn on every move, a status line and `.widget`, the box to display:

    explorer = LearningRateExplorer()
    explorer                 # last line of a cell: shows controls, status and plot

`run(...)` computes (and caches) the result for one setting without drawing;
`update(...)` runs and redraws. Every run starts from the same initial weights
and sees the data in the same order, so the control is the only thing that
changes. Tests drive the explorers by setting `control.value`.
"""

from ._base import activation_spread
from .dropout import DropoutExplorer
from .learning_rate import LearningRateExplorer
from .vanishing import VanishingGradientExplorer

__all__ = ["LearningRateExplorer", "VanishingGradientExplorer", "DropoutExplorer"]
