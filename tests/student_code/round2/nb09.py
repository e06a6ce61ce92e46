"""Blind student code for notebook 09 (round 2), written without reading the checks."""
import numpy as np

from nnlib import augment


# ----------------------------------------------------------------------------- 09.shift, RIGHT
def shift_right_slices(images, dx, dy):
    imgs = images.reshape(-1, 8, 8)
    out = np.zeros_like(imgs)
    if abs(dx) < 8 and abs(dy) < 8:
        out[:, max(dy, 0):8 + min(dy, 0), max(dx, 0):8 + min(dx, 0)] = \
            imgs[:, max(-dy, 0):8 + min(-dy, 0), max(-dx, 0):8 + min(-dx, 0)]
    return out.reshape(len(images), 64)


def shift_right_pixel_loops(images, dx, dy):
    out = np.zeros_like(images)
    for r in range(8):
        for c in range(8):
            r_src, c_src = r - dy, c - dx
            if 0 <= r_src < 8 and 0 <= c_src < 8:
                out[:, r * 8 + c] = images[:, r_src * 8 + c_src]
    return out


def shift_right_roll(images, dx, dy):
    n = images.shape[0]
    if abs(dx) >= 8 or abs(dy) >= 8:
        return np.zeros_like(images)
    img = np.roll(images.reshape(n, 8, 8), (dy, dx), axis=(1, 2))
    if dy > 0:
        img[:, :dy, :] = 0
    elif dy < 0:
        img[:, dy:, :] = 0
    if dx > 0:
        img[:, :, :dx] = 0
    elif dx < 0:
        img[:, :, dx:] = 0
    return img.reshape(n, 64)


def shift_right_library(images, dx, dy):
    return augment.shift(images, dx, dy)


# ----------------------------------------------------------------------------- 09.shift, WRONG
def shift_roll_wraps(images, dx, dy):
    n = images.shape[0]
    return np.roll(images.reshape(n, 8, 8), (dy, dx), axis=(1, 2)).reshape(n, 64)


def shift_swapped(images, dx, dy):
    imgs = images.reshape(-1, 8, 8)
    out = np.zeros_like(imgs)
    if abs(dx) < 8 and abs(dy) < 8:
        out[:, max(dx, 0):8 + min(dx, 0), max(dy, 0):8 + min(dy, 0)] = \
            imgs[:, max(-dx, 0):8 + min(-dx, 0), max(-dy, 0):8 + min(-dy, 0)]
    return out.reshape(-1, 64)


def shift_wrong_sign(images, dx, dy):
    out = np.zeros_like(images)
    for r in range(8):
        for c in range(8):
            r_src, c_src = r + dy, c + dx
            if 0 <= r_src < 8 and 0 <= c_src < 8:
                out[:, r * 8 + c] = images[:, r_src * 8 + c_src]
    return out


def shift_flat(images, dx, dy):
    # a move by dx right and dy down is dx + 8*dy places in the flattened row
    k = dx + 8 * dy
    out = np.zeros_like(images)
    if k > 0:
        out[:, k:] = images[:, :64 - k]
    elif k < 0:
        out[:, :64 + k] = images[:, -k:]
    else:
        out[:] = images
    return out


def shift_float64(images, dx, dy):
    out = np.zeros((images.shape[0], 8, 8))
    imgs = images.reshape(-1, 8, 8)
    for r in range(8):
        for c in range(8):
            if 0 <= r - dy < 8 and 0 <= c - dx < 8:
                out[:, r, c] = imgs[:, r - dy, c - dx]
    return out.reshape(-1, 64)


def shift_returns_3d(images, dx, dy):
    imgs = images.reshape(-1, 8, 8)
    out = np.zeros_like(imgs)
    if abs(dx) < 8 and abs(dy) < 8:
        out[:, max(dy, 0):8 + min(dy, 0), max(dx, 0):8 + min(dx, 0)] = \
            imgs[:, max(-dy, 0):8 + min(-dy, 0), max(-dx, 0):8 + min(-dx, 0)]
    return out


def shift_zero_shift_breaks(images, dx, dy):
    imgs = images.reshape(-1, 8, 8)
    out = np.zeros_like(imgs)
    tmp = np.zeros_like(imgs)
    if dx >= 0:
        tmp[:, :, dx:] = imgs[:, :, :-dx]
    else:
        tmp[:, :, :dx] = imgs[:, :, -dx:]
    if dy >= 0:
        out[:, dy:, :] = tmp[:, :-dy, :]
    else:
        out[:, :dy, :] = tmp[:, -dy:, :]
    return out.reshape(-1, 64)


def shift_clamped_edges(images, dx, dy):
    # clip the source index to the image: pixels coming in copy the border
    imgs = images.reshape(-1, 8, 8)
    rows = np.clip(np.arange(8) - dy, 0, 7)
    cols = np.clip(np.arange(8) - dx, 0, 7)
    return imgs[:, rows][:, :, cols].reshape(-1, 64)


def shift_in_place(images, dx, dy):
    imgs = images.reshape(-1, 8, 8)          # a view: writing to it writes to images
    imgs[:] = np.roll(imgs, (dy, dx), axis=(1, 2))
    if dy > 0:
        imgs[:, :dy] = 0
    elif dy < 0:
        imgs[:, dy:] = 0
    if dx > 0:
        imgs[:, :, :dx] = 0
    elif dx < 0:
        imgs[:, :, dx:] = 0
    return images


def shift_clamp_to_seven(images, dx, dy):
    # a shift of 8 or more makes no sense on an 8x8 image, so clamp it to 7
    dx, dy = max(-7, min(7, dx)), max(-7, min(7, dy))
    imgs = images.reshape(-1, 8, 8)
    out = np.zeros_like(imgs)
    out[:, max(dy, 0):8 + min(dy, 0), max(dx, 0):8 + min(dx, 0)] = \
        imgs[:, max(-dy, 0):8 + min(-dy, 0), max(-dx, 0):8 + min(-dx, 0)]
    return out.reshape(-1, 64)


# ----------------------------------------------------------------------------- 09.shift_each, RIGHT
def shift_each_right_loop(images, dx, dy):
    def shift_one(img, a, b):
        out = np.zeros((8, 8), dtype=img.dtype)
        src = img.reshape(8, 8)
        for r in range(8):
            for c in range(8):
                if 0 <= r - b < 8 and 0 <= c - a < 8:
                    out[r, c] = src[r - b, c - a]
        return out.ravel()

    out = np.empty_like(images)
    for n in range(len(images)):
        out[n] = shift_one(images[n], int(dx[n]), int(dy[n]))
    return out


def shift_each_right_pad_gather(images, dx, dy):
    n = images.shape[0]
    dx, dy = np.asarray(dx, dtype=int), np.asarray(dy, dtype=int)
    padded = np.pad(images.reshape(n, 8, 8), ((0, 0), (8, 8), (8, 8)))
    rows = np.arange(8)[None, :, None] + 8 - dy[:, None, None]
    cols = np.arange(8)[None, None, :] + 8 - dx[:, None, None]
    return padded[np.arange(n)[:, None, None], rows, cols].reshape(n, 64)


def shift_each_right_library(images, dx, dy):
    return np.concatenate([augment.shift(images[i:i + 1], int(dx[i]), int(dy[i]))
                           for i in range(len(images))]).reshape(images.shape).astype(images.dtype)


def shift_each_right_masks(images, dx, dy):
    # group the images by offset and move each group with slices
    out = np.zeros_like(images).reshape(-1, 8, 8)
    src = images.reshape(-1, 8, 8)
    for a, b in set(zip(np.asarray(dx).tolist(), np.asarray(dy).tolist())):
        idx = np.flatnonzero((np.asarray(dx) == a) & (np.asarray(dy) == b))
        if abs(a) < 8 and abs(b) < 8:
            out[idx, max(b, 0):8 + min(b, 0), max(a, 0):8 + min(a, 0)] = \
                src[idx, max(-b, 0):8 + min(-b, 0), max(-a, 0):8 + min(-a, 0)]
    return out.reshape(images.shape)


# ----------------------------------------------------------------------------- 09.shift_each, WRONG
def shift_each_first_offset(images, dx, dy):
    a, b = int(dx[0]), int(dy[0])
    return augment.shift(images, a, b)


def shift_each_swapped(images, dx, dy):
    return np.stack([augment.shift(images[i:i + 1], int(dy[i]), int(dx[i]))[0] for i in range(len(images))])


def shift_each_roll(images, dx, dy):
    out = np.empty_like(images)
    for i in range(len(images)):
        out[i] = np.roll(images[i].reshape(8, 8), (dy[i], dx[i]), axis=(0, 1)).ravel()
    return out


def shift_each_skips_last(images, dx, dy):
    out = images.copy()
    for i in range(len(images) - 1):
        out[i] = augment.shift(images[i:i + 1], int(dx[i]), int(dy[i]))[0]
    return out


def shift_each_pad_two(images, dx, dy):
    # the lesson shifts by at most 2, so padding by 2 is enough
    n = images.shape[0]
    padded = np.pad(images.reshape(n, 8, 8), ((0, 0), (2, 2), (2, 2)))
    rows = np.arange(8)[None, :, None] + 2 - dy[:, None, None]
    cols = np.arange(8)[None, None, :] + 2 - dx[:, None, None]
    return padded[np.arange(n)[:, None, None], rows, cols].reshape(n, 64)


def shift_each_float64(images, dx, dy):
    out = np.zeros(images.shape)
    for i in range(len(images)):
        out[i] = augment.shift(images[i:i + 1], int(dx[i]), int(dy[i]))[0]
    return out


def shift_each_in_place(images, dx, dy):
    for i in range(len(images)):
        images[i] = augment.shift(images[i:i + 1], int(dx[i]), int(dy[i]))[0]
    return images


def shift_each_sign(images, dx, dy):
    return np.stack([augment.shift(images[i:i + 1], -int(dx[i]), -int(dy[i]))[0] for i in range(len(images))])


RIGHT = {
    "09.shift": [shift_right_slices, shift_right_pixel_loops, shift_right_roll, shift_right_library],
    "09.shift_each": [shift_each_right_loop, shift_each_right_pad_gather, shift_each_right_library,
                      shift_each_right_masks],
}

WRONG = {
    "09.shift": [
        (shift_roll_wraps, "np.roll: pixels that leave on one side come back on the other"),
        (shift_swapped, "dx moves the rows and dy the columns (swapped)"),
        (shift_wrong_sign, "read from c + dx instead of c - dx: moves left for positive dx"),
        (shift_flat, "rolled the flat 64-vector by dx + 8*dy, so pixels spill into the next row"),
        (shift_float64, "np.zeros default dtype: float32 images come back float64"),
        (shift_returns_3d, "returned (N, 8, 8), forgot to flatten back"),
        (shift_zero_shift_breaks, "[:-dx] slicing: a shift of 0 breaks"),
        (shift_clamped_edges, "clipped the indices: pixels that come in repeat the border instead of 0"),
        (shift_in_place, "shifted in place through a reshape view: the input images change"),
        (shift_clamp_to_seven, "clamped the shift to 7 because 8 made no sense: a shift of 8 leaves one row/column"),
    ],
    "09.shift_each": [
        (shift_each_first_offset, "used dx[0], dy[0] for the whole batch"),
        (shift_each_swapped, "passed dy as dx and dx as dy"),
        (shift_each_roll, "np.roll per image: wraps around instead of filling zeros"),
        (shift_each_skips_last, "range(len(images) - 1): the last image is not moved"),
        (shift_each_pad_two, "padded by 2 like the lesson's max shift, so bigger shifts go wrong"),
        (shift_each_float64, "np.zeros(images.shape) gives float64 for float32 images"),
        (shift_each_in_place, "wrote the moved images back into images"),
        (shift_each_sign, "moved by -dx, -dy (left/up)"),
    ],
}
