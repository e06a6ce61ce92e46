"""Maintainer script: (re)build ``nnlib/datasets/digits.npz``.

Students never need to run this.  ``nnlib`` ships the finished ``digits.npz``
and never imports scikit-learn; this script is only how the file was made.

It copies the UCI "Optical Recognition of Handwritten Digits" data bundled
with scikit-learn (1,797 images of 8x8 pixels, values 0..16, labels 0..9)
into a small compressed NumPy archive with two uint8 arrays:

    images : (1797, 8, 8) uint8, pixel counts 0..16
    labels : (1797,)      uint8, digit 0..9

Run from the repository root (scikit-learn must be installed)::

    python nnlib/datasets/make_digits_npz.py

See ``nnlib/datasets/README.md`` for attribution and licence.
"""

from pathlib import Path

import numpy as np


def main(out_path=None):
    from sklearn.datasets import load_digits  # maintainer-only dependency

    bunch = load_digits()
    images = bunch.images
    labels = bunch.target

    # The values are small integers stored as float64; check before narrowing.
    if not np.array_equal(images, np.round(images)) or images.min() < 0 or images.max() > 16:
        raise RuntimeError("unexpected pixel values in scikit-learn's digits")
    if labels.min() < 0 or labels.max() > 9:
        raise RuntimeError("unexpected labels in scikit-learn's digits")

    out_path = Path(out_path) if out_path else Path(__file__).with_name("digits.npz")
    np.savez_compressed(
        out_path,
        images=images.astype(np.uint8),
        labels=labels.astype(np.uint8),
    )

    # Round-trip check: the file must load without pickle and match exactly.
    with np.load(out_path, allow_pickle=False) as f:
        assert np.array_equal(f["images"], images)
        assert np.array_equal(f["labels"], labels)
    print(f"wrote {out_path} ({out_path.stat().st_size} bytes): "
          f"images {images.shape}, labels {labels.shape}")


if __name__ == "__main__":
    main()
