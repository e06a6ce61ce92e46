"""Blind student code for notebook 09 (round 1), written without reading the checks."""
import numpy as np

from nnlib import augment


# ----------------------------------------------------------------------------- 09.shift: right

def shift_slices(images, dx, dy):
    """Move every image of a batch dx pixels right and dy pixels down; pixels that come in are 0."""
    dx, dy = int(dx), int(dy)
    imgs = images.reshape(-1, 8, 8)
    out = np.zeros_like(imgs)
    if abs(dx) < 8 and abs(dy) < 8:
        # destination rows/cols and source rows/cols
        r_dst = slice(max(dy, 0), 8 + min(dy, 0))
        r_src = slice(max(-dy, 0), 8 + min(-dy, 0))
        c_dst = slice(max(dx, 0), 8 + min(dx, 0))
        c_src = slice(max(-dx, 0), 8 + min(-dx, 0))
        out[:, r_dst, c_dst] = imgs[:, r_src, c_src]
    return out.reshape(images.shape[0], 64)


def shift_pixel_loops(images, dx, dy):
    """Move every image of a batch dx pixels right and dy pixels down; pixels that come in are 0."""
    out = np.zeros_like(images)
    for r in range(8):
        for c in range(8):
            src_r, src_c = r - dy, c - dx
            if 0 <= src_r < 8 and 0 <= src_c < 8:
                out[:, r * 8 + c] = images[:, src_r * 8 + src_c]
    return out


def shift_pad_crop(images, dx, dy):
    """Move every image of a batch dx pixels right and dy pixels down; pixels that come in are 0."""
    n = images.shape[0]
    m = max(8, abs(int(dx)), abs(int(dy)))
    padded = np.pad(images.reshape(n, 8, 8), ((0, 0), (m, m), (m, m)))   # zeros around
    top, left = m - int(dy), m - int(dx)
    return padded[:, top:top + 8, left:left + 8].reshape(n, 64).copy()


def shift_nnlib(images, dx, dy):
    """Move every image of a batch dx pixels right and dy pixels down; pixels that come in are 0."""
    return augment.shift(images, int(dx), int(dy))


# ----------------------------------------------------------------------------- 09.shift: wrong

def shift_roll(images, dx, dy):
    """Move every image of a batch dx pixels right and dy pixels down; pixels that come in are 0."""
    imgs = images.reshape(-1, 8, 8)
    return np.roll(imgs, (dy, dx), axis=(1, 2)).reshape(-1, 64)


def shift_roll_flat(images, dx, dy):
    """Move every image of a batch dx pixels right and dy pixels down; pixels that come in are 0."""
    return np.roll(images, dx + 8 * dy, axis=1)


def shift_flat_zero_fill(images, dx, dy):
    """Move every image of a batch dx pixels right and dy pixels down; pixels that come in are 0."""
    k = dx + 8 * dy                       # one row down = 8 positions further in the flat vector
    out = np.zeros_like(images)
    if k > 0:
        out[:, k:] = images[:, :64 - k]
    elif k < 0:
        out[:, :64 + k] = images[:, -k:]
    else:
        out[:] = images
    return out


def shift_swapped_axes(images, dx, dy):
    """Move every image of a batch dx pixels right and dy pixels down; pixels that come in are 0."""
    out = np.zeros_like(images)
    for r in range(8):
        for c in range(8):
            src_r, src_c = r - dx, c - dy     # dx along the rows, dy along the columns
            if 0 <= src_r < 8 and 0 <= src_c < 8:
                out[:, r * 8 + c] = images[:, src_r * 8 + src_c]
    return out


def shift_wrong_sign(images, dx, dy):
    """Move every image of a batch dx pixels right and dy pixels down; pixels that come in are 0."""
    out = np.zeros_like(images)
    for r in range(8):
        for c in range(8):
            src_r, src_c = r + dy, c + dx
            if 0 <= src_r < 8 and 0 <= src_c < 8:
                out[:, r * 8 + c] = images[:, src_r * 8 + src_c]
    return out


def shift_float64(images, dx, dy):
    """Move every image of a batch dx pixels right and dy pixels down; pixels that come in are 0."""
    n = images.shape[0]
    imgs = images.reshape(n, 8, 8)
    out = np.zeros((n, 8, 8))
    for r in range(8):
        for c in range(8):
            if 0 <= r - dy < 8 and 0 <= c - dx < 8:
                out[:, r, c] = imgs[:, r - dy, c - dx]
    return out.reshape(n, 64)


def shift_minus_zero_slice(images, dx, dy):
    """Move every image of a batch dx pixels right and dy pixels down; pixels that come in are 0."""
    imgs = images.reshape(-1, 8, 8)
    tmp = np.zeros_like(imgs)
    if dy >= 0:
        tmp[:, dy:, :] = imgs[:, :-dy, :] if dy < 8 else 0
    else:
        tmp[:, :dy, :] = imgs[:, -dy:, :]
    out = np.zeros_like(imgs)
    if dx >= 0:
        out[:, :, dx:] = tmp[:, :, :-dx] if dx < 8 else 0
    else:
        out[:, :, :dx] = tmp[:, :, -dx:]
    return out.reshape(-1, 64)


def shift_inplace(images, dx, dy):
    """Move every image of a batch dx pixels right and dy pixels down; pixels that come in are 0."""
    out = images.reshape(-1, 8, 8)            # reshape: a view of the caller's array
    moved = np.roll(out, (dy, dx), axis=(1, 2))
    out[:] = moved
    if dy > 0:
        out[:, :dy, :] = 0
    elif dy < 0:
        out[:, dy:, :] = 0
    if dx > 0:
        out[:, :, :dx] = 0
    elif dx < 0:
        out[:, :, dx:] = 0
    return out.reshape(-1, 64)


# ----------------------------------------------------------------------------- 09.shift_each: right

def shift_each_loop(images, dx, dy):
    """Move image n of a batch by its own dx[n] (right) and dy[n] (down); pixels that come in are 0."""

    def one(img, sx, sy):
        grid = img.reshape(8, 8)
        res = np.zeros_like(grid)
        if abs(sx) < 8 and abs(sy) < 8:
            res[max(sy, 0):8 + min(sy, 0), max(sx, 0):8 + min(sx, 0)] = \
                grid[max(-sy, 0):8 + min(-sy, 0), max(-sx, 0):8 + min(-sx, 0)]
        return res.reshape(64)

    out = np.zeros_like(images)
    for n in range(images.shape[0]):
        out[n] = one(images[n], int(dx[n]), int(dy[n]))
    return out


def shift_each_gather(images, dx, dy):
    """Move image n of a batch by its own dx[n] (right) and dy[n] (down); pixels that come in are 0."""
    n = images.shape[0]
    dx = np.asarray(dx, dtype=np.int64).reshape(n, 1, 1)
    dy = np.asarray(dy, dtype=np.int64).reshape(n, 1, 1)
    r = np.arange(8).reshape(1, 8, 1)
    c = np.arange(8).reshape(1, 1, 8)
    src_r = r - dy                                     # (n, 8, 1)
    src_c = c - dx                                     # (n, 1, 8)
    valid = (src_r >= 0) & (src_r < 8) & (src_c >= 0) & (src_c < 8)   # (n, 8, 8)
    idx = np.clip(src_r, 0, 7) * 8 + np.clip(src_c, 0, 7)             # (n, 8, 8)
    gathered = np.take_along_axis(images, idx.reshape(n, 64), axis=1)
    return np.where(valid.reshape(n, 64), gathered, 0).astype(images.dtype)


def shift_each_nnlib(images, dx, dy):
    """Move image n of a batch by its own dx[n] (right) and dy[n] (down); pixels that come in are 0."""
    out = np.zeros_like(images)
    for n in range(len(images)):
        out[n:n + 1] = augment.shift(images[n:n + 1], int(dx[n]), int(dy[n]))
    return out


def shift_each_grouped(images, dx, dy):
    """Move image n of a batch by its own dx[n] (right) and dy[n] (down); pixels that come in are 0."""
    out = np.zeros_like(images)
    pairs = {}
    for n, (a, b) in enumerate(zip(dx, dy)):
        pairs.setdefault((int(a), int(b)), []).append(n)
    for (a, b), rows in pairs.items():
        for r in range(8):
            for c in range(8):
                if 0 <= r - b < 8 and 0 <= c - a < 8:
                    out[rows, r * 8 + c] = images[rows, (r - b) * 8 + (c - a)]
    return out


# ----------------------------------------------------------------------------- 09.shift_each: wrong

def shift_each_first_offset(images, dx, dy):
    """Move image n of a batch by its own dx[n] (right) and dy[n] (down); pixels that come in are 0."""
    sx, sy = int(dx[0]), int(dy[0])
    out = np.zeros_like(images)
    for r in range(8):
        for c in range(8):
            if 0 <= r - sy < 8 and 0 <= c - sx < 8:
                out[:, r * 8 + c] = images[:, (r - sy) * 8 + (c - sx)]
    return out


def shift_each_swapped(images, dx, dy):
    """Move image n of a batch by its own dx[n] (right) and dy[n] (down); pixels that come in are 0."""
    out = np.zeros_like(images)
    for n in range(len(images)):
        out[n:n + 1] = augment.shift(images[n:n + 1], int(dy[n]), int(dx[n]))
    return out


def shift_each_roll(images, dx, dy):
    """Move image n of a batch by its own dx[n] (right) and dy[n] (down); pixels that come in are 0."""
    out = np.empty_like(images)
    for n in range(len(images)):
        out[n] = np.roll(images[n].reshape(8, 8), (int(dy[n]), int(dx[n])), axis=(0, 1)).reshape(64)
    return out


def shift_each_clip(images, dx, dy):
    """Move image n of a batch by its own dx[n] (right) and dy[n] (down); pixels that come in are 0."""
    n = images.shape[0]
    rows = np.clip(np.arange(8)[None, :, None] - np.asarray(dy)[:, None, None], 0, 7)
    cols = np.clip(np.arange(8)[None, None, :] - np.asarray(dx)[:, None, None], 0, 7)
    imgs = images.reshape(n, 8, 8)
    return imgs[np.arange(n)[:, None, None], rows, cols].reshape(n, 64)


def shift_each_wrap_index(images, dx, dy):
    """Move image n of a batch by its own dx[n] (right) and dy[n] (down); pixels that come in are 0."""
    n = images.shape[0]
    rows = (np.arange(8)[None, :, None] - np.asarray(dy)[:, None, None]) % 8
    cols = (np.arange(8)[None, None, :] - np.asarray(dx)[:, None, None]) % 8
    imgs = images.reshape(n, 8, 8)
    return imgs[np.arange(n)[:, None, None], rows, cols].reshape(n, 64)


def shift_each_inplace(images, dx, dy):
    """Move image n of a batch by its own dx[n] (right) and dy[n] (down); pixels that come in are 0."""
    for n in range(len(images)):
        images[n:n + 1] = augment.shift(images[n:n + 1], int(dx[n]), int(dy[n]))
    return images


def shift_each_float64(images, dx, dy):
    """Move image n of a batch by its own dx[n] (right) and dy[n] (down); pixels that come in are 0."""
    out = np.zeros(images.shape)
    for n in range(len(images)):
        out[n] = augment.shift(images[n:n + 1], int(dx[n]), int(dy[n]))[0]
    return out


def shift_each_flat(images, dx, dy):
    """Move image n of a batch by its own dx[n] (right) and dy[n] (down); pixels that come in are 0."""
    out = np.zeros_like(images)
    for n in range(len(images)):
        k = int(dx[n]) + 8 * int(dy[n])
        if k >= 0:
            out[n, k:] = images[n, :64 - k]
        else:
            out[n, :64 + k] = images[n, -k:]
    return out


RIGHT = {
    "09.shift": [shift_slices, shift_pixel_loops, shift_pad_crop, shift_nnlib],
    "09.shift_each": [shift_each_loop, shift_each_gather, shift_each_nnlib, shift_each_grouped],
}

WRONG = {
    "09.shift": [
        (shift_roll, "uses np.roll on the 8x8 images: pixels wrap around instead of becoming 0"),
        (shift_roll_flat, "rolls the flat 64-vector by dx + 8*dy: wraps around and across rows"),
        (shift_flat_zero_fill, "shifts the flat vector by dx + 8*dy with zero fill: a horizontal move spills into the next row"),
        (shift_swapped_axes, "dx and dy swapped (dx moves down, dy moves right)"),
        (shift_wrong_sign, "sign flipped: positive dx moves left and positive dy up"),
        (shift_float64, "builds the output with np.zeros((n, 8, 8)), so float32 images come back float64"),
        (shift_minus_zero_slice, "uses imgs[:, :-d] for the source, which is empty when d == 0"),
        (shift_inplace, "reshape gives a view, so the caller's images are overwritten"),
    ],
    "09.shift_each": [
        (shift_each_first_offset, "applies dx[0], dy[0] to every image of the batch"),
        (shift_each_swapped, "passes dy[n], dx[n] to the shift in the wrong order"),
        (shift_each_roll, "np.roll per image: pixels wrap around instead of becoming 0"),
        (shift_each_clip, "vectorised gather with clipped indices: edge pixels are repeated instead of 0"),
        (shift_each_wrap_index, "vectorised gather with indices mod 8: wraps around"),
        (shift_each_inplace, "writes every shifted image back into the caller's array"),
        (shift_each_float64, "output built with np.zeros(images.shape): always float64"),
        (shift_each_flat, "shifts each flat row by dx + 8*dy: horizontal moves spill into the neighbouring row"),
    ],
}
