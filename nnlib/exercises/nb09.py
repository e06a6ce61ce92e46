"""Exercises of notebook 09: shifting a batch of digit images, one shift per image (random augmentation)."""

import numpy as np

from .exercise import Case, Exercise, Mistake

# ---------------------------------------------------------------- 09.shift


def shift(images, dx, dy):
    """Move every image of a batch dx pixels right and dy pixels down; pixels that come in are 0.

    images: (N, 64), each row an 8x8 image flattened row by row (as load_digits gives them);
    dx, dy: integers, negative to move left or up.
    Returns the moved images, (N, 64), with the dtype of images.
    """
    batch = images.reshape(-1, 8, 8)                 # (N, rows, columns)
    out = np.zeros_like(batch)                       # everything not copied below stays 0
    if abs(dx) < 8 and abs(dy) < 8:
        # out[:, r, c] = batch[:, r - dy, c - dx] wherever both lie inside the image
        out[:, max(dy, 0):8 + min(dy, 0), max(dx, 0):8 + min(dx, 0)] = \
            batch[:, max(-dy, 0):8 - max(dy, 0), max(-dx, 0):8 - max(dx, 0)]
    return out.reshape(images.shape)


def _shift_roll(images, dx, dy):
    return np.roll(images.reshape(-1, 8, 8), (dy, dx), axis=(1, 2)).reshape(images.shape)


def _shift_swapped(images, dx, dy):
    return shift(images, dy, dx)


def _shift_reversed(images, dx, dy):
    return shift(images, -dx, -dy)


def _shift_images():
    rng = np.random.default_rng(9)
    # every pixel different from 0 (0.1 to 1): a pixel that should be 0 cannot be 0 by chance
    return rng.uniform(0.1, 1.0, size=(5, 64))


def _shift_cases():
    from ..data import load_digits
    images = _shift_images()
    digits = load_digits()[0][:3]
    return [
        Case("1 pixel right (dx=1, dy=0), float64", (images, 1, 0)),
        Case("2 left and 1 down (dx=-2, dy=1), float32", (images.astype(np.float32), -2, 1)),
        Case("3 up (dx=0, dy=-3), three real digits", (digits, 0, -3)),
        Case("a batch of one, dx=1, dy=2", (images[:1], 1, 2)),
        Case("no shift (dx=0, dy=0)", (images, 0, 0)),
        Case("8 pixels right: everything moves out", (images, 8, 0)),
    ]


SHIFT = Exercise(
    id="09.shift",
    task="shifting a batch of images",
    reference=shift,
    cases=_shift_cases,
    returns=("shifted",),
    mistakes=(
        Mistake("pixels that wrap around (np.roll) instead of zeros coming in",
                "np.roll puts the pixels that leave one side back in on the other; start from np.zeros_like and "
                "copy the part of the image that stays inside.", like=_shift_roll),
        Mistake("dx and dy swapped: dx moved the image vertically",
                "After reshaping to (N, 8, 8) axis 1 is the row (moved by dy) and axis 2 the column (moved by dx).",
                like=_shift_swapped),
        Mistake("the image moved the wrong way (dx > 0 moved it left)",
                "Positive dx moves right: out[:, r, c] = images[:, r - dy, c - dx].", like=_shift_reversed),
    ),
    hint="Reshape to (N, 8, 8) and start from zeros of the same dtype. For dx >= 0 the output's columns dx..7 "
         "come from the input's columns 0..7-dx; work out the same for negative dx and for the rows, then "
         "reshape back.",
    explanation="out[:, r, c] = images[:, r - dy, c - dx] where r - dy and c - dx lie inside the image, and 0 "
                "elsewhere. max() and min() turn that into one slice per axis that works for either sign; a shift "
                "of 8 or more leaves nothing inside. np.zeros_like keeps the dtype (float32 stays float32).",
)

# ---------------------------------------------------------------- 09.shift_each


def shift_each(images, dx, dy):
    """Move image n of a batch by its own dx[n] (right) and dy[n] (down); pixels that come in are 0.

    images: (N, 64) flattened 8x8 images; dx, dy: (N,) integer arrays, each entry in -7..7.
    Returns (N, 64), the dtype of images. This is what a random-shift augmentation does with
    dx and dy drawn at random for every image of every mini-batch.
    """
    batch = images.reshape(-1, 8, 8)
    padded = np.pad(batch, ((0, 0), (8, 8), (8, 8)))                 # (N, 24, 24): zeros all around
    rows = np.arange(8)[None, :, None] + 8 - dy[:, None, None]       # (N, 8, 1): source row of each output row
    cols = np.arange(8)[None, None, :] + 8 - dx[:, None, None]       # (N, 1, 8): source column
    out = padded[np.arange(len(batch))[:, None, None], rows, cols]   # (N, 8, 8)
    return out.reshape(images.shape)


def _each_same_shift(images, dx, dy):
    return shift(images, int(dx[0]), int(dy[0]))


def _each_roll(images, dx, dy):
    return np.stack([_shift_roll(img[None], int(a), int(b))[0] for img, a, b in zip(images, dx, dy)])


def _each_swapped(images, dx, dy):
    return shift_each(images, dy, dx)


def _each_reversed(images, dx, dy):
    return shift_each(images, -dx, -dy)


def _each_cases():
    images = _shift_images()
    rng = np.random.default_rng(90)
    many = rng.uniform(0.1, 1.0, size=(40, 64))
    return [
        Case("5 images, 5 different shifts, float64",
             (images, np.array([1, -1, 0, 2, -2]), np.array([0, 1, -2, 2, 0]))),
        Case("float32", (images.astype(np.float32), np.array([0, 1, -1, 0, 2]), np.array([-1, 0, 1, 1, -2]))),
        Case("a batch of one", (images[:1], np.array([-1]), np.array([2]))),
        Case("40 images, shifts drawn from -2..2", (many, rng.integers(-2, 3, size=40), rng.integers(-2, 3, size=40))),
        Case("all shifts 0", (images, np.zeros(5, dtype=np.int64), np.zeros(5, dtype=np.int64))),
        Case("shifts of 7 pixels (one row or column left)", (images[:2], np.array([7, -7]), np.array([-7, 7]))),
    ]


SHIFT_EACH = Exercise(
    id="09.shift_each",
    task="a different shift for every image",
    reference=shift_each,
    cases=_each_cases,
    returns=("shifted",),
    mistakes=(
        Mistake("one shift, the first image's, used for the whole batch",
                "Image n moves by its own dx[n] and dy[n]: loop over the images (or index with arrays).",
                like=_each_same_shift),
        Mistake("pixels that wrap around (np.roll) instead of zeros coming in",
                "Fill the pixels that come in with 0: copy into np.zeros_like, or pad with zeros first.",
                like=_each_roll),
        Mistake("dx and dy swapped: dx moved the images vertically",
                "In (N, 8, 8) axis 1 is the row (moved by dy) and axis 2 the column (moved by dx).",
                like=_each_swapped),
        Mistake("images moved the wrong way (dx > 0 moved them left)",
                "Positive dx moves right: out[n, r, c] = images[n, r - dy[n], c - dx[n]].", like=_each_reversed),
    ),
    hint="A loop over the images is fine: image n moves by dx[n] and dy[n], and your shift (or "
         "nnlib.augment.shift) moves one image if you give it a batch of one, images[n:n+1].",
    explanation="Padding every image with 8 rows and columns of zeros means any shift of up to 7 pixels only reads "
                "zeros from outside the image. Output pixel (r, c) of image n then reads padded pixel "
                "(r + 8 - dy[n], c + 8 - dx[n]); fancy indexing with broadcast index arrays of shapes (N, 1, 1), "
                "(N, 8, 1) and (N, 1, 8) does all images at once. A loop over shift() is just as correct.",
)

EXERCISES = (SHIFT, SHIFT_EACH)
