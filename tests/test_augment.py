"""Tests for nnlib.augment: exact pixel semantics on tiny arrays, then batches."""

import numpy as np
import pytest

from nnlib import augment
from nnlib.data import DataLoader


def one_pixel(h=5, w=5, r=2, c=2, n=1):
    img = np.zeros((n, h, w))
    img[:, r, c] = 1.0
    return img


def lit(images):
    """(row, col) of the single lit pixel of the first image, or None."""
    pos = np.argwhere(images[0] != 0)
    return tuple(pos[0]) if len(pos) == 1 else None if len(pos) == 0 else "many"


def digits_like(n=6, side=8, seed=0):
    return np.random.default_rng(seed).random((n, side, side)).astype(np.float32)


# ----------------------------------------------------------------------------
# shift
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("dx, dy, expected", [
    (1, 0, (2, 3)),     # right
    (-1, 0, (2, 1)),    # left
    (0, 1, (3, 2)),     # down
    (0, -1, (1, 2)),    # up
    (2, -2, (0, 4)),
    (3, 0, None),       # pushed out of the image
    (0, -3, None),
])
def test_shift_single_pixel(dx, dy, expected):
    img = one_pixel()
    out = augment.shift(img, dx, dy)
    assert lit(out) == expected
    assert lit(img) == (2, 2)  # input untouched


def test_shift_exact_values_and_zero_fill():
    a = np.array([[[1, 2, 3],
                   [4, 5, 6],
                   [7, 8, 9]]])
    np.testing.assert_array_equal(augment.shift(a, 1, 0), [[[0, 1, 2], [0, 4, 5], [0, 7, 8]]])
    np.testing.assert_array_equal(augment.shift(a, 0, -1), [[[4, 5, 6], [7, 8, 9], [0, 0, 0]]])
    np.testing.assert_array_equal(augment.shift(a, -1, 1), [[[0, 0, 0], [2, 3, 0], [5, 6, 0]]])
    assert augment.shift(a, 1, 0).dtype == a.dtype


@pytest.mark.parametrize("dx, dy", [(4, 0), (-4, 0), (0, 3), (0, -7), (100, 100)])
def test_shift_by_image_size_or_more_gives_zeros(dx, dy):
    img = np.ones((2, 3, 4))
    np.testing.assert_array_equal(augment.shift(img, dx, dy), np.zeros((2, 3, 4)))


def test_shift_zero_is_identity_copy():
    img = digits_like()
    out = augment.shift(img, 0, 0)
    np.testing.assert_array_equal(out, img)
    assert not np.shares_memory(out, img)


# ----------------------------------------------------------------------------
# random_shift and random_crop
# ----------------------------------------------------------------------------

def test_random_shift_matches_shift_with_drawn_offsets():
    images = digits_like(n=50)
    out = augment.random_shift(images, 2, np.random.default_rng(7))
    rng = np.random.default_rng(7)  # replay the documented draws
    dx = rng.integers(-2, 3, size=50)
    dy = rng.integers(-2, 3, size=50)
    assert len(set(zip(dx, dy))) > 5  # the images really get different shifts
    for n in range(50):
        np.testing.assert_array_equal(out[n], augment.shift(images[n:n + 1], dx[n], dy[n])[0])


def test_random_shift_zero_is_identity():
    images = digits_like()
    np.testing.assert_array_equal(augment.random_shift(images, 0, np.random.default_rng(0)), images)


def test_random_shift_keeps_centred_content():
    images = np.zeros((200, 8, 8))
    images[:, 3:5, 3:5] = 1.0                      # blob at least 3 px from every edge
    out = augment.random_shift(images, 3, np.random.default_rng(0))
    np.testing.assert_array_equal(out.sum(axis=(1, 2)), 4.0)
    # offsets in [-3, 3]: the blob's top-left corner lands in rows/cols 0..6
    corners = np.array([np.argwhere(o)[0] for o in out])
    assert corners.min() == 0 and corners.max() == 6


def crop_reference(images, padding, top, left):
    """Slow, obvious version: pad, then slice each image."""
    padded = np.pad(images, ((0, 0), (padding, padding), (padding, padding)))
    h, w = images.shape[1:]
    return np.stack([p[t:t + h, l:l + w] for p, t, l in zip(padded, top, left)])


def test_random_crop_matches_pad_and_slice():
    images = digits_like(n=40)
    out = augment.random_crop(images, 2, np.random.default_rng(3))
    rng = np.random.default_rng(3)
    top = rng.integers(0, 5, size=40)
    left = rng.integers(0, 5, size=40)
    assert out.shape == images.shape
    np.testing.assert_array_equal(out, crop_reference(images, 2, top, left))


def test_random_crop_zero_padding_is_identity():
    images = digits_like()
    np.testing.assert_array_equal(augment.random_crop(images, 0, np.random.default_rng(0)), images)


# ----------------------------------------------------------------------------
# hflip
# ----------------------------------------------------------------------------

def test_hflip_exact_and_involution():
    a = np.array([[[1, 2, 3],
                   [4, 5, 6]]])
    np.testing.assert_array_equal(augment.hflip(a), [[[3, 2, 1], [6, 5, 4]]])
    images = digits_like()
    np.testing.assert_array_equal(augment.hflip(augment.hflip(images)), images)


# ----------------------------------------------------------------------------
# rotate
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["bilinear", "nearest"])
def test_rotate_zero_and_full_turn_are_identity(mode):
    images = digits_like()
    np.testing.assert_array_equal(augment.rotate(images, 0, mode=mode), images)
    np.testing.assert_array_equal(augment.rotate(images, 360, mode=mode), images)


@pytest.mark.parametrize("mode", ["bilinear", "nearest"])
@pytest.mark.parametrize("side", [2, 5, 8])
@pytest.mark.parametrize("degrees, k", [(90, 1), (180, 2), (270, 3), (-90, -1)])
def test_rotate_quarter_turns_match_rot90(mode, side, degrees, k):
    images = digits_like(side=side)
    expected = np.rot90(images, k=k, axes=(1, 2))
    np.testing.assert_array_equal(augment.rotate(images, degrees, mode=mode), expected)


def test_rotate_is_counter_clockwise():
    a = np.array([[[1, 2],
                   [3, 4]]], dtype=float)
    # The top-right pixel (2) moves to the top-left.
    np.testing.assert_array_equal(augment.rotate(a, 90), [[[2, 4], [1, 3]]])


def test_rotate_small_angle():
    img = one_pixel(h=7, w=7, r=3, c=3)
    out = augment.rotate(img, 10)
    assert out[0, 3, 3] == pytest.approx(1.0)   # centre pixel stays put
    img = one_pixel(h=9, w=9, r=4, c=7)         # 3 px right of the centre (4, 4)
    out = augment.rotate(img, 30)[0]
    # Counter-clockwise by 30 degrees: (x, y) = (3, 0) goes to (3 cos 30, 3 sin 30) = (2.6, 1.5),
    # i.e. row 4 - 1.5 = 2.5 and column 4 + 2.6 = 6.6 (y points up, rows go down).
    rows, cols = np.indices(out.shape)
    centroid = np.array([(rows * out).sum(), (cols * out).sum()]) / out.sum()
    np.testing.assert_allclose(centroid, [2.5, 6.6], atol=0.3)
    corner = augment.rotate(np.ones((1, 8, 8)), 45)
    assert corner[0, 0, 0] == 0.0 and corner[0, 4, 4] == 1.0  # zero fill outside


def test_rotate_dtypes():
    ints = np.arange(16, dtype=np.uint8).reshape(1, 4, 4)
    assert augment.rotate(ints, 10, mode="nearest").dtype == np.uint8
    assert augment.rotate(ints, 10).dtype == np.float32
    assert augment.rotate(ints.astype(np.float32), 10).dtype == np.float32


def test_random_rotate_matches_rotate_with_drawn_angles():
    images = digits_like(n=10)
    out = augment.random_rotate(images, 15, np.random.default_rng(2))
    angles = np.random.default_rng(2).uniform(-15, 15, size=10)
    for n in range(10):
        np.testing.assert_allclose(out[n], augment.rotate(images[n:n + 1], angles[n])[0],
                                   atol=1e-6)
    np.testing.assert_array_equal(augment.random_rotate(images, 0, np.random.default_rng(0)),
                                  images)


# ----------------------------------------------------------------------------
# add_noise
# ----------------------------------------------------------------------------

def test_add_noise_statistics_and_clip():
    images = np.full((100, 8, 8), 0.5, dtype=np.float32)
    out = augment.add_noise(images, 0.1, np.random.default_rng(0))
    assert out.dtype == np.float32 and out.shape == images.shape
    assert abs((out - 0.5).std() - 0.1) < 0.01
    clipped = augment.add_noise(images, 2.0, np.random.default_rng(0))
    assert clipped.min() == 0.0 and clipped.max() == 1.0
    free = augment.add_noise(images, 2.0, np.random.default_rng(0), clip=None)
    assert free.min() < 0 and free.max() > 1
    np.testing.assert_array_equal(augment.add_noise(images, 0.0, np.random.default_rng(0)), images)


# ----------------------------------------------------------------------------
# All functions: input untouched, flat input, determinism
# ----------------------------------------------------------------------------

FUNCTIONS = [
    lambda x: augment.shift(x, 1, -1),
    lambda x: augment.random_shift(x, 2, np.random.default_rng(0)),
    lambda x: augment.random_crop(x, 2, np.random.default_rng(0)),
    lambda x: augment.add_noise(x, 0.2, np.random.default_rng(0)),
    lambda x: augment.rotate(x, 20),
    lambda x: augment.random_rotate(x, 20, np.random.default_rng(0)),
    lambda x: augment.hflip(x),
]


@pytest.mark.parametrize("f", FUNCTIONS)
def test_functions_leave_input_untouched(f):
    images = digits_like()
    before = images.copy()
    out = f(images)
    np.testing.assert_array_equal(images, before)
    assert not np.shares_memory(out, images)
    assert not np.array_equal(out, images)  # each of these really changes something


@pytest.mark.parametrize("f", FUNCTIONS)
def test_functions_accept_flat_square_images(f):
    images = digits_like()
    flat = images.reshape(len(images), 64)
    out_flat = f(flat)
    assert out_flat.shape == (len(images), 64)
    np.testing.assert_array_equal(out_flat, f(images).reshape(len(images), 64))


TRANSFORMS = [
    augment.RandomShift(1),
    augment.RandomCrop(2),
    augment.AddNoise(0.1),
    augment.RandomRotation(15),
    augment.RandomHorizontalFlip(0.5),
    augment.Compose([augment.RandomShift(1), augment.AddNoise(0.05)]),
]


@pytest.mark.parametrize("t", TRANSFORMS, ids=repr)
def test_transforms_on_flat_and_image_batches(t):
    images = digits_like(n=20)
    flat = images.reshape(20, 64)
    out_img = t(images, np.random.default_rng(4))
    out_flat = t(flat, np.random.default_rng(4))
    assert out_img.shape == (20, 8, 8) and out_flat.shape == (20, 64)
    np.testing.assert_array_equal(out_flat.reshape(20, 8, 8), out_img)
    # Same seed, same result; different seed, different result.
    np.testing.assert_array_equal(t(images, np.random.default_rng(4)), out_img)
    assert not np.array_equal(t(images, np.random.default_rng(5)), out_img)


def test_random_horizontal_flip_probability():
    images = digits_like(n=200)
    flipped = augment.hflip(images)
    np.testing.assert_array_equal(augment.RandomHorizontalFlip(0)(images, np.random.default_rng(0)),
                                  images)
    np.testing.assert_array_equal(augment.RandomHorizontalFlip(1)(images, np.random.default_rng(0)),
                                  flipped)
    out = augment.RandomHorizontalFlip(0.5)(images, np.random.default_rng(0))
    is_flipped = np.all(out == flipped, axis=(1, 2))
    is_same = np.all(out == images, axis=(1, 2))
    assert np.all(is_flipped | is_same)
    assert 70 < is_flipped.sum() < 130


def test_compose_applies_in_order():
    def double(x, rng):
        return x * 2

    def plus_one(x, rng):
        return x + 1

    x = np.ones((1, 2, 2))
    np.testing.assert_array_equal(augment.Compose([double, plus_one])(x, None), np.full((1, 2, 2), 3))
    np.testing.assert_array_equal(augment.Compose([plus_one, double])(x, None), np.full((1, 2, 2), 4))
    np.testing.assert_array_equal(augment.Compose([])(x, None), x)


def test_compose_shares_one_rng():
    images = digits_like()
    shift, noise = augment.RandomShift(1), augment.AddNoise(0.1)
    rng = np.random.default_rng(0)
    expected = noise(shift(images, rng), rng)
    out = augment.Compose([shift, noise])(images, np.random.default_rng(0))
    np.testing.assert_array_equal(out, expected)


def test_transform_in_dataloader():
    X = digits_like(n=30).reshape(30, 64)
    y = np.arange(30)
    loader = DataLoader(X, y, batch_size=8, shuffle=True, seed=1, transform=augment.RandomShift(1))
    batches = list(loader)
    assert [xb.shape for xb, _ in batches] == [(8, 64)] * 3 + [(6, 64)]
    assert any(not np.array_equal(xb, X[yb]) for xb, yb in batches)
    again = list(DataLoader(X, y, batch_size=8, shuffle=True, seed=1,
                            transform=augment.RandomShift(1)))
    for (a, _), (b, _) in zip(batches, again):
        np.testing.assert_array_equal(a, b)


def test_reprs():
    assert repr(augment.RandomShift(2)) == "RandomShift(max_shift=2)"
    assert repr(augment.RandomCrop(1)) == "RandomCrop(padding=1)"
    assert repr(augment.AddNoise(0.1)) == "AddNoise(std=0.1, clip=(0, 1))"
    assert repr(augment.RandomRotation(10)) == "RandomRotation(max_degrees=10.0, mode='bilinear')"
    assert repr(augment.RandomHorizontalFlip()) == "RandomHorizontalFlip(p=0.5)"
    assert repr(augment.Compose([augment.RandomShift(1)])) == "Compose([\n    RandomShift(max_shift=1),\n])"


# ----------------------------------------------------------------------------
# Errors
# ----------------------------------------------------------------------------

def test_bad_inputs():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="must be square .* got D=63"):
        augment.hflip(np.zeros((2, 63)))
    with pytest.raises(ValueError, match=r"shape \(N, H, W\) or \(N, H\*W\), got shape \(8,\)"):
        augment.hflip(np.zeros(8))
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator .* got int"):
        augment.random_shift(np.zeros((1, 8, 8)), 1, 0)
    with pytest.raises(ValueError, match="max_shift must be an integer >= 0, got -1"):
        augment.RandomShift(-1)
    with pytest.raises(ValueError, match="dx must be an integer, got 0.5"):
        augment.shift(np.zeros((1, 4, 4)), 0.5, 0)
    with pytest.raises(ValueError, match="std must be a finite number >= 0, got -1"):
        augment.add_noise(np.zeros((1, 4, 4)), -1, rng)
    with pytest.raises(ValueError, match="clip must be None or a pair"):
        augment.AddNoise(0.1, clip=(1, 0))
    with pytest.raises(ValueError, match="mode must be 'bilinear' or 'nearest', got 'cubic'"):
        augment.rotate(np.zeros((1, 4, 4)), 10, mode="cubic")
    with pytest.raises(ValueError, match="p must be a probability in \\[0, 1\\], got 2"):
        augment.RandomHorizontalFlip(2)
    with pytest.raises(ValueError, match="every transform must be callable"):
        augment.Compose([augment.RandomShift(1), "noise"])
