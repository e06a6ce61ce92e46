"""Wrong student code for notebook 09's exercises (shifting images), one per named mistake."""

import numpy as np


def shift_with_roll(images, dx, dy):
    grid = images.reshape(len(images), 8, 8)
    grid = np.roll(grid, dx, axis=2)
    grid = np.roll(grid, dy, axis=1)
    return grid.reshape(len(images), 64)


def shift_axes_swapped(images, dx, dy):
    out = np.zeros_like(images).reshape(-1, 8, 8)
    src = images.reshape(-1, 8, 8)
    for r in range(8):
        for c in range(8):
            if 0 <= r - dx < 8 and 0 <= c - dy < 8:        # dx used on the rows
                out[:, r, c] = src[:, r - dx, c - dy]
    return out.reshape(images.shape)


def shift_backwards(images, dx, dy):
    out = np.zeros_like(images).reshape(-1, 8, 8)
    src = images.reshape(-1, 8, 8)
    for r in range(8):
        for c in range(8):
            if 0 <= r + dy < 8 and 0 <= c + dx < 8:        # reads ahead instead of behind
                out[:, r, c] = src[:, r + dy, c + dx]
    return out.reshape(images.shape)


def _one(image, dx, dy):
    """One flattened image (64,) shifted, written with loops."""
    out = np.zeros_like(image).reshape(8, 8)
    src = image.reshape(8, 8)
    for r in range(8):
        for c in range(8):
            if 0 <= r - dy < 8 and 0 <= c - dx < 8:
                out[r, c] = src[r - dy, c - dx]
    return out.ravel()


def each_same_shift(images, dx, dy):
    return np.stack([_one(image, dx[0], dy[0]) for image in images])


def each_roll(images, dx, dy):
    return np.stack([np.roll(image.reshape(8, 8), (dy[n], dx[n]), axis=(0, 1)).ravel()
                     for n, image in enumerate(images)])


def each_swapped(images, dx, dy):
    return np.stack([_one(image, dy[n], dx[n]) for n, image in enumerate(images)])


def each_reversed(images, dx, dy):
    return np.stack([_one(image, -dx[n], -dy[n]) for n, image in enumerate(images)])


MISTAKES = {
    "09.shift": {
        "pixels that wrap around (np.roll) instead of zeros coming in": shift_with_roll,
        "dx and dy swapped: dx moved the image vertically": shift_axes_swapped,
        "the image moved the wrong way (dx > 0 moved it left)": shift_backwards,
    },
    "09.shift_each": {
        "one shift, the first image's, used for the whole batch": each_same_shift,
        "pixels that wrap around (np.roll) instead of zeros coming in": each_roll,
        "dx and dy swapped: dx moved the images vertically": each_swapped,
        "images moved the wrong way (dx > 0 moved them left)": each_reversed,
    },
}
