"""Mini-batches: `DataLoader`, and `Dataset`/`TensorDataset` as in `torch.utils.data`.

Two ways to make a loader:

    loader = DataLoader(X, y, batch_size=32, shuffle=True, seed=0)    # nnlib's: NumPy batches
    for xb, yb in loader: ...                                          # xb: (B, ...), yb: (B,)

    dataset = TensorDataset(X, y)                                      # torch's: Tensor batches
    loader = DataLoader(dataset, batch_size=64, shuffle=True)
    for X, y in loader: ...

Shuffling uses the loader's own generator, made once from `seed` (None means 0):
epochs differ from each other, yet two loaders with the same seed give the same batches.
"""

import math

import numpy as np

from . import _checks
from .tensor import Tensor


class Dataset:
    """Base class of a map-style data set: define __len__ and __getitem__(i) -> one example."""

    def __len__(self):
        raise NotImplementedError(f"{type(self).__name__} must define __len__")

    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} must define __getitem__")


class TensorDataset(Dataset):
    """Examples that are rows of tensors of the same length: dataset[i] = (X[i], y[i])."""

    def __init__(self, *tensors):
        if not tensors:
            raise ValueError("TensorDataset needs at least one tensor, e.g. TensorDataset(X, y)")
        self.tensors = tuple(t if isinstance(t, Tensor) else Tensor(t) for t in tensors)
        sizes = [len(t) if t.ndim else None for t in self.tensors]
        if None in sizes or len(set(sizes)) != 1:
            raise ValueError(f"TensorDataset: every tensor needs the same first dimension (one row per example), "
                             f"got shapes {[tuple(t.shape) for t in self.tensors]}")

    def __len__(self):
        return len(self.tensors[0])

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)


def _collate(examples):
    """Stack a list of examples into one batch, as torch's default: tuples field by field, into Tensors."""
    first = examples[0]
    if isinstance(first, (tuple, list)):
        return [_collate([e[i] for e in examples]) for i in range(len(first))]
    if isinstance(first, Tensor):
        return Tensor(np.stack([e.data for e in examples]), dtype=first.dtype)
    if isinstance(first, float):
        return Tensor(np.array(examples, dtype=np.float64))  # Python floats: float64, as torch
    return Tensor(np.asarray(examples) if np.ndim(first) == 0 else np.stack(examples))


class _Default:
    """The default batch size: 32 for DataLoader(X, y), 1 for a Dataset (torch's); None means no batching."""

    def __repr__(self):
        return "default"


DEFAULT_BATCH_SIZE = _Default()


class DataLoader:
    """Iterate over mini-batches.

    DataLoader(X, y, batch_size=32, shuffle=False, seed=None, drop_last=False, transform=None)
        nnlib's form: X (N, ...) and y (N,) arrays; yields (xb, yb) NumPy arrays (Tensors if X or y
        is a Tensor).
    DataLoader(dataset, batch_size=1, shuffle=False, seed=None, drop_last=False)
        torch's form: a Dataset (e.g. TensorDataset(X, y)), or a single Tensor whose rows are the
        examples; yields [X, y] batches of Tensors (a Tensor for a single Tensor).

    Args:
        batch_size: samples per batch B; the last batch may be smaller. None (as torch): no
            batching, one sample at a time, without a batch dimension.
        shuffle: if True, every pass (every ``iter(loader)``, i.e. every
            epoch) uses a new random order.
        seed: seed of the loader's random generator, created *once* in
            ``__init__``. Epochs therefore differ from each other, yet two
            loaders built with the same seed produce exactly the same batches.
            ``seed=None`` means seed 0: a loader is always reproducible.
        drop_last: drop the final batch if it has fewer than ``batch_size``
            samples.
        transform: optional callable ``transform(xb, rng) -> xb`` applied to
            every batch of X with the loader's generator ``rng`` (data
            augmentation, e.g. ``nnlib.augment.RandomShift(1)``).

    ``len(loader)`` is the number of batches per epoch and ``loader.dataset`` the
    examples. Batches are copies, so changing ``xb`` never changes ``X``.
    """

    def __init__(self, X, y=None, batch_size=DEFAULT_BATCH_SIZE, shuffle=False, seed=None,
                 drop_last=False, transform=None):
        size_given = batch_size is not DEFAULT_BATCH_SIZE
        y_is_size = isinstance(y, (int, np.integer)) and not isinstance(y, (bool, np.bool_))
        is_dataset = hasattr(X, "__getitem__") and hasattr(X, "__len__") and not isinstance(
            X, (np.ndarray, Tensor, list, tuple))
        if isinstance(X, Tensor) and (y is None or y_is_size):  # torch: DataLoader(tensor) batches its rows
            if X.ndim == 0:
                raise TypeError("DataLoader over a Tensor needs one example per row, got a 0-d tensor")
            is_dataset = True
        self.tensors = False  # nnlib's form given Tensors: batches are Tensors too
        if is_dataset:
            if y is not None:  # torch's DataLoader(dataset, 64): the second argument is the batch size
                if size_given or not y_is_size:
                    raise TypeError(f"DataLoader(dataset, ...) takes no labels (the dataset holds them), got "
                                    f"y of type {type(y).__name__}")
                batch_size, y, size_given = y, None, True
            self.dataset, self.X, self.y = X, None, None
            batch_size = batch_size if size_given else 1  # torch's default
        else:
            if y is None:
                raise TypeError("DataLoader needs X and y (DataLoader(X, y, ...)) or a Dataset such as "
                                f"TensorDataset(X, y); got only {type(X).__name__}")
            self.tensors = isinstance(X, Tensor) or isinstance(y, Tensor)
            self.X, self.y = _checks.samples(X, y)
            self.dataset = TensorDataset(self.X, self.y)
            batch_size = batch_size if size_given else 32
        if batch_size is not None:
            batch_size = _checks.integer("batch_size", batch_size, "DataLoader", low=1)
        self.batch_size = batch_size
        _checks.boolean("shuffle", shuffle, "DataLoader")
        _checks.boolean("drop_last", drop_last, "DataLoader")
        _checks.seed("seed", seed, "DataLoader")
        if transform is not None and not callable(transform):
            raise ValueError(
                f"transform must be None or a callable transform(xb, rng), got {transform!r}")
        self.shuffle = bool(shuffle)
        self.seed = 0 if seed is None else seed
        self.drop_last = bool(drop_last)
        self.transform = transform
        self.rng = np.random.default_rng(self.seed)

    def __len__(self):
        n, b = len(self.dataset), self.batch_size
        if b is None:
            return n
        return n // b if self.drop_last else math.ceil(n / b)

    def __iter__(self):
        # Draw the order now (not lazily) so that each iter() call is one epoch.
        n = len(self.dataset)
        order = self.rng.permutation(n) if self.shuffle else np.arange(n)
        return self._batches(order)

    def _batches(self, order):
        if self.batch_size is None:  # one sample at a time, as torch's batch_size=None
            yield from (self._sample(int(i)) for i in order)
            return
        for i in range(len(self)):
            idx = order[i * self.batch_size:(i + 1) * self.batch_size]
            if self.X is None:
                yield self._dataset_batch(idx)
                continue
            xb, yb = self.X[idx], self.y[idx]
            if self.transform is not None:
                xb = self.transform(xb, self.rng)
            yield (Tensor(xb), Tensor(yb)) if self.tensors else (xb, yb)

    def _sample(self, i):
        """Example i without a batch dimension (batch_size=None)."""
        if self.X is None:
            sample = self.dataset[i]
            sample = list(sample) if isinstance(sample, tuple) else sample
        else:
            sample = [self.X[i], self.y[i]]
            if self.tensors:
                sample = [Tensor(v) for v in sample]
        if self.transform is not None:
            x = sample[0]
            x = self.transform(np.asarray(x)[None], self.rng)[0]  # a batch of one
            sample[0] = Tensor(x) if isinstance(sample[0], Tensor) else x
        return sample

    def _dataset_batch(self, idx):
        if isinstance(self.dataset, TensorDataset):  # one indexing per tensor, not one per example
            batch = [Tensor(t.data[idx], dtype=t.dtype) for t in self.dataset.tensors]
        elif isinstance(self.dataset, Tensor):  # the rows of a single tensor
            batch = Tensor(self.dataset.data[idx], dtype=self.dataset.dtype)
            return batch if self.transform is None else Tensor(self.transform(batch.data, self.rng))
        else:
            batch = _collate([self.dataset[int(i)] for i in idx])
        if self.transform is not None:
            batch[0] = Tensor(self.transform(batch[0].data, self.rng))
        return batch

    def __repr__(self):
        return (f"DataLoader(n_samples={len(self.dataset)}, batch_size={self.batch_size}, "
                f"shuffle={self.shuffle}, seed={self.seed}, drop_last={self.drop_last}, "
                f"transform={self.transform!r})")
