"""Data augmentation for batches of small grey-scale images.

Every function works on a whole batch at once (no Python loop over the
images) and returns a new array; the input is never modified.

Shapes: a batch is either

    (N, H, W)   N images of H rows and W columns, or
    (N, H*W)    N flattened *square* images, e.g. the digits' (N, 64) rows;
                the side H = W = sqrt(H*W) is inferred,

and every function returns the same shape it was given. To augment one
image, pass ``image[None]`` (a batch of one).

Directions, as the image is drawn with row 0 at the top (``plt.imshow``):
positive ``dx`` moves content right, positive ``dy`` moves it down, positive
``degrees`` rotate counter-clockwise (like ``np.rot90`` and torchvision).
Pixels that come from outside the image are filled with 0.

Random functions take a ``rng = np.random.default_rng(seed)``. The
transform classes at the bottom are callables ``t(images, rng)`` that can be
chained with ``Compose`` and passed to ``nnlib.data.DataLoader(transform=...)``.
"""

import math

import numpy as np

__all__ = [
    "shift", "random_shift", "random_crop", "add_noise", "rotate", "random_rotate", "hflip",
    "RandomShift", "RandomCrop", "AddNoise", "RandomRotation", "RandomHorizontalFlip", "Compose",
]


# ----------------------------------------------------------------------------
# Argument checks
# ----------------------------------------------------------------------------

def _as_batch(images):
    """Return ``(batch, shape)``: the images as (N, H, W) and the shape to give back."""
    images = _numbers(images)
    if images.ndim == 3:
        return images, images.shape
    if images.ndim == 2:
        n, d = images.shape
        side = math.isqrt(d)
        if side * side != d:
            raise ValueError(
                f"flattened images of shape (N, D) must be square (D = side*side, e.g. 64 = 8*8), "
                f"got D={d}")
        return images.reshape(n, side, side), images.shape
    raise ValueError(
        f"images must have shape (N, H, W) or (N, H*W), got shape {images.shape}; "
        f"for a single image pass image[None]")


def _numbers(images):
    """``np.asarray(images)``, refusing strings, None and other non-numbers."""
    array = np.asarray(images)
    if array.dtype.kind not in "biuf":
        raise ValueError(f"images must be an array of numbers (pixel values), got {type(images).__name__} "
                         f"of dtype {array.dtype}")
    return array


def _is_int(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _is_real(value):
    return (isinstance(value, (int, float, np.integer, np.floating))
            and not isinstance(value, (bool, np.bool_)) and bool(np.isfinite(value)))


def _check_int(name, value, minimum=None):
    if not _is_int(value) or (minimum is not None and value < minimum):
        what = "an integer" if minimum is None else f"an integer >= {minimum}"
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return int(value)


def _check_real(name, value, minimum=None):
    if not _is_real(value) or (minimum is not None and value < minimum):
        what = "a finite number" if minimum is None else f"a finite number >= {minimum}"
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return float(value)


def _check_rng(rng):
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"rng must be a numpy.random.Generator such as np.random.default_rng(0), "
            f"got {type(rng).__name__}")
    return rng


def _check_mode(mode):
    if mode not in ("bilinear", "nearest"):
        raise ValueError(f"mode must be 'bilinear' or 'nearest', got {mode!r}")
    return mode


def _check_clip(clip):
    if clip is None:
        return None
    if (not isinstance(clip, (tuple, list)) or len(clip) != 2
            or not all(_is_real(v) for v in clip) or clip[0] > clip[1]):
        raise ValueError(f"clip must be None or a pair (low, high) with low <= high, got {clip!r}")
    return tuple(clip)


def _float_dtype(dtype):
    """Floating dtype for results that are no longer whole numbers."""
    return np.result_type(dtype, np.float32)


# ----------------------------------------------------------------------------
# Shifting and cropping
# ----------------------------------------------------------------------------

def _dst_src(s, length):
    """Slices ``dst, src`` with ``out[dst] = img[src]`` for a shift by ``s``."""
    return slice(max(s, 0), length + min(s, 0)), slice(max(-s, 0), length - max(s, 0))


def shift(images, dx, dy):
    """Move every image by ``dx`` columns (right if > 0) and ``dy`` rows (down if > 0).

    ``out[n, r, c] = images[n, r - dy, c - dx]``, and 0 where that pixel
    lies outside the image (so ``|dx| >= W`` gives all zeros).
    """
    batch, shape = _as_batch(images)
    dx, dy = _check_int("dx", dx), _check_int("dy", dy)
    _, h, w = batch.shape
    out = np.zeros_like(batch)
    if abs(dx) < w and abs(dy) < h:
        rows_dst, rows_src = _dst_src(dy, h)
        cols_dst, cols_src = _dst_src(dx, w)
        out[:, rows_dst, cols_dst] = batch[:, rows_src, cols_src]
    return out.reshape(shape)


def _shift_each(batch, dx, dy):
    """Shift image n of ``batch`` (N, H, W) by its own ``dx[n], dy[n]``.

    Zero-pad by the largest shift ``m``, then gather with fancy indexing:
    ``out[n, r, c] = padded[n, r + m - dy[n], c + m - dx[n]]``.
    """
    n, h, w = batch.shape
    m = int(max(np.abs(dx).max(), np.abs(dy).max())) if n else 0
    padded = np.pad(batch, ((0, 0), (m, m), (m, m)))
    rows = np.arange(h)[None, :, None] + m - dy[:, None, None]   # (N, H, 1)
    cols = np.arange(w)[None, None, :] + m - dx[:, None, None]   # (N, 1, W)
    return padded[np.arange(n)[:, None, None], rows, cols]       # (N, H, W)


def random_shift(images, max_shift, rng):
    """Shift each image by its own random integer offset in [-max_shift, max_shift].

    Draws ``dx = rng.integers(-max_shift, max_shift + 1, size=N)`` and then
    ``dy`` the same way; image n equals ``shift(images[n:n+1], dx[n], dy[n])``.
    """
    batch, shape = _as_batch(images)
    max_shift = _check_int("max_shift", max_shift, 0)
    rng = _check_rng(rng)
    n = len(batch)
    dx = rng.integers(-max_shift, max_shift + 1, size=n)
    dy = rng.integers(-max_shift, max_shift + 1, size=n)
    return _shift_each(batch, dx, dy).reshape(shape)


def random_crop(images, padding, rng):
    """Zero-pad every side by ``padding``, then cut a random H x W window per image.

    Same as torchvision's ``RandomCrop(size, padding)``: the window's top-left
    corner is ``top = rng.integers(0, 2*padding + 1, size=N)`` and then
    ``left`` drawn the same way, in padded coordinates. The result keeps the
    input shape.
    """
    batch, shape = _as_batch(images)
    padding = _check_int("padding", padding, 0)
    rng = _check_rng(rng)
    n = len(batch)
    top = rng.integers(0, 2 * padding + 1, size=n)
    left = rng.integers(0, 2 * padding + 1, size=n)
    # A window starting at (top, left) of the padded image is the original
    # shifted by (padding - left) columns and (padding - top) rows.
    return _shift_each(batch, padding - left, padding - top).reshape(shape)


# ----------------------------------------------------------------------------
# Noise and flips
# ----------------------------------------------------------------------------

def add_noise(images, std, rng, clip=(0, 1)):
    """Add Gaussian noise ``N(0, std**2)`` to every pixel, then clip to ``clip``.

    ``clip=None`` skips the clipping. Works on any shape; returns floats.
    """
    images = _numbers(images)
    std = _check_real("std", std, 0)
    rng = _check_rng(rng)
    clip = _check_clip(clip)
    out = images + std * rng.standard_normal(images.shape)
    if clip is not None:
        out = np.clip(out, clip[0], clip[1])
    return out.astype(_float_dtype(images.dtype))


def hflip(images):
    """Mirror every image left-right: ``out[n, r, c] = images[n, r, W-1-c]``."""
    batch, shape = _as_batch(images)
    return batch[:, :, ::-1].copy().reshape(shape)


# ----------------------------------------------------------------------------
# Rotation
# ----------------------------------------------------------------------------

def _pixels_at(batch, rows, cols):
    """``batch[n, rows, cols]`` for integer index arrays (N, H, W); 0 outside the image."""
    n, h, w = batch.shape
    inside = (rows >= 0) & (rows < h) & (cols >= 0) & (cols < w)
    values = batch[np.arange(n)[:, None, None], np.clip(rows, 0, h - 1), np.clip(cols, 0, w - 1)]
    return np.where(inside, values, 0)


def _rotate_each(batch, degrees, mode):
    """Rotate image n of ``batch`` (N, H, W) by ``degrees[n]`` about its centre.

    For every output pixel we find where it comes from: turn its position
    (relative to the centre, y axis pointing up) back by -theta, then read
    the input there (nearest pixel or bilinear mix of the 4 neighbours).
    """
    n, h, w = batch.shape
    theta = np.deg2rad(degrees)[:, None, None]                  # (N, 1, 1)
    cy, cx = (h - 1) / 2, (w - 1) / 2
    x = np.arange(w)[None, None, :] - cx                        # (1, 1, W)
    y = cy - np.arange(h)[None, :, None]                        # (1, H, 1)
    cos, sin = np.cos(theta), np.sin(theta)
    src_c = cx + (cos * x + sin * y)                            # (N, H, W)
    src_r = cy - (-sin * x + cos * y)
    # Remove floating-point fuzz so that multiples of 90 degrees are exact.
    src_r = np.where(np.abs(src_r - np.round(src_r)) < 1e-6, np.round(src_r), src_r)
    src_c = np.where(np.abs(src_c - np.round(src_c)) < 1e-6, np.round(src_c), src_c)

    if mode == "nearest":
        rows = np.floor(src_r + 0.5).astype(np.int64)
        cols = np.floor(src_c + 0.5).astype(np.int64)
        return _pixels_at(batch, rows, cols).astype(batch.dtype)

    r0 = np.floor(src_r).astype(np.int64)
    c0 = np.floor(src_c).astype(np.int64)
    fr, fc = src_r - r0, src_c - c0                             # fractions in [0, 1)
    out = ((1 - fr) * (1 - fc) * _pixels_at(batch, r0, c0)
           + (1 - fr) * fc * _pixels_at(batch, r0, c0 + 1)
           + fr * (1 - fc) * _pixels_at(batch, r0 + 1, c0)
           + fr * fc * _pixels_at(batch, r0 + 1, c0 + 1))
    return out.astype(_float_dtype(batch.dtype))


def rotate(images, degrees, mode="bilinear"):
    """Rotate every image by ``degrees`` counter-clockwise about its centre.

    ``mode`` is ``"bilinear"`` (smooth; returns floats) or ``"nearest"``
    (keeps the dtype). Corners that come from outside are 0.
    ``rotate(images, 90)`` of square images equals ``np.rot90(images, axes=(1, 2))``.
    """
    batch, shape = _as_batch(images)
    degrees = _check_real("degrees", degrees)
    mode = _check_mode(mode)
    return _rotate_each(batch, np.full(len(batch), degrees), mode).reshape(shape)


def random_rotate(images, max_degrees, rng, mode="bilinear"):
    """Rotate each image by its own angle ``rng.uniform(-max_degrees, max_degrees)``."""
    batch, shape = _as_batch(images)
    max_degrees = _check_real("max_degrees", max_degrees, 0)
    rng = _check_rng(rng)
    mode = _check_mode(mode)
    degrees = rng.uniform(-max_degrees, max_degrees, size=len(batch))
    return _rotate_each(batch, degrees, mode).reshape(shape)


# ----------------------------------------------------------------------------
# Transform objects: t(images, rng) -> images
# ----------------------------------------------------------------------------

class RandomShift:
    """Random integer shift of each image by up to ``max_shift`` pixels (see ``random_shift``)."""

    def __init__(self, max_shift):
        self.max_shift = _check_int("max_shift", max_shift, 0)

    def __call__(self, images, rng):
        return random_shift(images, self.max_shift, rng)

    def __repr__(self):
        return f"RandomShift(max_shift={self.max_shift})"


class RandomCrop:
    """Zero-pad by ``padding`` and crop back to the original size (see ``random_crop``)."""

    def __init__(self, padding):
        self.padding = _check_int("padding", padding, 0)

    def __call__(self, images, rng):
        return random_crop(images, self.padding, rng)

    def __repr__(self):
        return f"RandomCrop(padding={self.padding})"


class AddNoise:
    """Gaussian pixel noise with standard deviation ``std``, clipped (see ``add_noise``)."""

    def __init__(self, std, clip=(0, 1)):
        self.std = _check_real("std", std, 0)
        self.clip = _check_clip(clip)

    def __call__(self, images, rng):
        return add_noise(images, self.std, rng, self.clip)

    def __repr__(self):
        return f"AddNoise(std={self.std}, clip={self.clip})"


class RandomRotation:
    """Rotate each image by a random angle in [-max_degrees, max_degrees] (``random_rotate``)."""

    def __init__(self, max_degrees, mode="bilinear"):
        self.max_degrees = _check_real("max_degrees", max_degrees, 0)
        self.mode = _check_mode(mode)

    def __call__(self, images, rng):
        return random_rotate(images, self.max_degrees, rng, self.mode)

    def __repr__(self):
        return f"RandomRotation(max_degrees={self.max_degrees}, mode={self.mode!r})"


class RandomHorizontalFlip:
    """Mirror each image left-right with probability ``p`` (one ``rng.random(N)`` draw)."""

    def __init__(self, p=0.5):
        self.p = _check_real("p", p, 0)
        if self.p > 1:
            raise ValueError(f"p must be a probability in [0, 1], got {p!r}")

    def __call__(self, images, rng):
        batch, shape = _as_batch(images)
        flip = _check_rng(rng).random(len(batch)) < self.p          # (N,) bool
        out = np.where(flip[:, None, None], batch[:, :, ::-1], batch)
        return out.reshape(shape)

    def __repr__(self):
        return f"RandomHorizontalFlip(p={self.p})"


class Compose:
    """Apply several transforms in order: ``Compose([t1, t2])(x, rng) == t2(t1(x, rng), rng)``."""

    def __init__(self, transforms):
        if callable(transforms) or not isinstance(transforms, (list, tuple)):
            raise ValueError(f"transforms must be a list of transforms such as [RandomShift(1), AddNoise(0.1)], "
                             f"got {transforms!r}")
        self.transforms = list(transforms)
        for t in self.transforms:
            if not callable(t):
                raise ValueError(f"every transform must be callable as t(images, rng), got {t!r}")

    def __call__(self, images, rng):
        for t in self.transforms:
            images = t(images, rng)
        return images

    def __repr__(self):
        inner = "".join(f"    {t!r},\n" for t in self.transforms)
        return f"Compose([\n{inner}])" if inner else "Compose([])"
