"""Every "Things to try" item of every notebook runs as written, and its measured answer holds.

Each item below applies the edit the notebook asks for (a text replacement in a named cell, or a cell added at
the end, exactly as printed in the notebook's "Things to try" cell), runs the whole notebook in a fresh kernel,
and then runs `check`, which asserts the answer the notebook gives. Run one item by hand with
`python tests/things_to_try.py ITEM_ID` (it prints the check cell's output).
"""

import pytest
from things_to_try import Item, added_output, notebook_run, result, stderr_of

ITEMS = {}


def item(id, notebook, edits=(), mentions=(), check="", append=(), expect=()):
    ITEMS[id] = Item(id, notebook, list(edits), list(mentions), check, list(append), list(expect))


# ------------------------------------------------------------------------------------------- 00
FIT_LINE = """def fit_line(x, y, lr=0.3, steps=40):
    nnlib.manual_seed(0)                     # the same starting line every time
    line = nn.Linear(1, 1)
    line_optimizer = optim.SGD(line.parameters(), lr=lr)
    for step in range(steps):
        line_optimizer.zero_grad()
        line_loss = loss_fn(line(x), y)
        line_loss.backward()
        line_optimizer.step()
    return round(line.weight.item(), 2), round(line.bias.item(), 2), round(line_loss.item(), 3)

for lr in (0.01, 0.3, 1.2):
    print(f"lr {lr}: (w, b, loss) after 40 steps = {fit_line(x, y, lr)}")"""
NOISY = """y_noisy = (2 * x + 1 + 1.0 * rng.standard_normal(x.shape)).astype(np.float32)
print(fit_line(x, y_noisy))"""
SLOPE = "print(fit_line(x, (-3 * x + 0.5).astype(np.float32)))"
item("00-lr", "00", append=[FIT_LINE], mentions=[FIT_LINE], expect=[
    "lr 0.01: (w, b, loss) after 40 steps = (0.7, 0.33, 1.027)", "lr 0.3: (w, b, loss) after 40 steps = (1.95, 0.96, 0.028)",
    "lr 1.2: (w, b, loss) after 40 steps = (1.94, -996709.56, 506852802560.0)"])
item("00-noise", "00", append=[FIT_LINE, NOISY], mentions=NOISY.splitlines(), expect=["(2.17, 1.06, 0.475)"])
item("00-slope", "00", append=[FIT_LINE, SLOPE], mentions=[SLOPE], expect=["(-3.0, 0.5, 0.0)"])

# ------------------------------------------------------------------------------------------- 01
RELU = """relu_model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
relu_model.load_state_dict({"0.weight": w1, "0.bias": b1, "2.weight": w2, "2.bias": b2})
by_hand = np.maximum(x @ w1.T + b1, 0) @ w2.T + b2
print("largest difference:", np.abs(relu_model(x).numpy() - by_hand).max())"""
UNDERFLOW = """for g in (3, 10, 30, 50, 100):
    z = np.array([[g, -g]], dtype=np.float32)      # the true class is 1, the small one
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p = p / p.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore"):
        naive = -np.log(p[0, 1])
    stable = F.cross_entropy(nnlib.Tensor(z), np.array([1])).item()
    print(f"g = {g:3d}: p = {p[0, 1]:.3g}, naive loss {naive:.6g}, stable loss {stable:.6g}")"""
item("01-relu", "01", append=[RELU], mentions=[RELU], expect=["largest difference: 0.0"])
item("01-underflow", "01", append=[UNDERFLOW], mentions=[UNDERFLOW], expect=[
    "g =   3: p = 0.00247, naive loss 6.00248, stable loss 6.00248", "g =  30: p = 8.76e-27, naive loss 60, stable loss 60",
    "g =  50: p = 3.78e-44, naive loss 99.9831, stable loss 100", "g = 100: p = 0, naive loss inf, stable loss 200"])

# ------------------------------------------------------------------------------------------- 02
DIVERGE_1D = """for lr in (0.9, 0.99, 1.0, 1.01, 1.1):
    path = descend(lr)
    print(f"lr {lr}: factor 1 - 2 lr = {1 - 2 * lr:+.2f}, distance to the minimum after 20 steps {abs(path[-1] - 3):.3g}")"""
TWO_LRS = """print("lr 0.5:", descend(0.5)[:4])
print("lr 1.0:", descend(1.0)[:4])"""
STEEP = """C_steep = lambda w: 5 * (w - 3) ** 2 + 1        # curvature 10: predict the limit first
for lr in (0.05, 0.19, 0.21):
    print(f"lr {lr}: distance to the minimum after 20 steps {abs(descend(lr, loss_fn=C_steep)[-1] - 3):.3g}")"""
item("02-diverge", "02", append=[DIVERGE_1D], mentions=[DIVERGE_1D], expect=[
    "lr 0.99: factor 1 - 2 lr = -0.98, distance to the minimum after 20 steps 2\n",
    "lr 1.0: factor 1 - 2 lr = -1.00, distance to the minimum after 20 steps 3\n",
    "lr 1.01: factor 1 - 2 lr = -1.02, distance to the minimum after 20 steps 4.46",
    "lr 1.1: factor 1 - 2 lr = -1.20, distance to the minimum after 20 steps 115"])
item("02-two-lrs", "02", append=[TWO_LRS], mentions=TWO_LRS.splitlines(), expect=["lr 0.5: [0. 3. 3. 3.]", "lr 1.0: [0. 6. 0. 6.]"])
item("02-steep", "02", append=[STEEP], mentions=[STEEP], expect=[
    "lr 0.19: distance to the minimum after 20 steps 0.365", "lr 0.21: distance to the minimum after 20 steps 20.2"])

# ------------------------------------------------------------------------------------------- 03
SQUARED = """w = nnlib.Tensor(w_val, dtype=np.float64, requires_grad=True)
a = (w * x_val + b_val).sigmoid()
E = (a - 1) ** 2
E.backward()
by_hand = 2 * (a.item() - 1) * a.item() * (1 - a.item()) * x_val     # dE/da * da/dz * dz/dw
print(f"nnlib {w.grad:.6f}, by hand {by_hand:.6f}")"""
CUBE = """x = nnlib.Tensor(2.0, dtype=np.float64, requires_grad=True)
y = x * x * x
y.backward()
print("dy/dx at x = 2:", x.grad)
nnlib.draw_graph(y)
plt.show()"""
item("03-squared", "03", append=[SQUARED], mentions=[SQUARED], check="assert abs(w.grad - by_hand) < 1e-12",
     expect=["nnlib -0.438301, by hand -0.438301"])
item("03-cube", "03", append=[CUBE], mentions=[CUBE], check="assert x.grad == 12.0")
item("03-deeper", "03", [("33b106c0", "nn.Linear(4, 2)", "nn.Linear(4, 4), nn.Tanh(), nn.Linear(4, 2)")],
     mentions=["`nn.Linear(4, 2)` to `nn.Linear(4, 4), nn.Tanh(), nn.Linear(4, 2)`"],
     check="assert len(list(mlp.parameters())) == 8 and worst < 1e-6")
item("03-relu", "03", [("33b106c0", "nn.Linear(5, 4), nn.Tanh()", "nn.Linear(5, 4), nn.ReLU()")],
     mentions=["`nn.Linear(5, 4), nn.Tanh()` to `nn.Linear(5, 4), nn.ReLU()`"], check="assert 1e-8 < worst < 1e-7")

# ------------------------------------------------------------------------------------------- 04
SMALL_SPIRAL = """nnlib.manual_seed(0)
small_spiral = mlp(8)
train(small_spiral, X_spir, y_spir, epochs=300, batch_size=16, lr=0.2)
print(f"spirals, 2 hidden layers of 8: training accuracy {train_accuracy(small_spiral, X_spir, y_spir):.3f}")
plot_decision_boundary(small_spiral, X_spir, y_spir)
plt.show()"""
BATCH_1 = """for lr in (0.1, 0.5):
    nnlib.manual_seed(0)
    one = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    epoch_losses = train(one, X_train, y_train, epochs=5, batch_size=1, lr=lr)
    print(f"batch_size=1, lr {lr}: loss per epoch {np.round(epoch_losses, 3)}, "
          f"test accuracy {np.mean(predict(one, X_test) == y_test):.3f}")"""
item("04-small-spiral", "04", append=[SMALL_SPIRAL], mentions=[SMALL_SPIRAL],
     expect=["spirals, 2 hidden layers of 8: training accuracy 0.945"])
item("04-batch-1", "04", append=[BATCH_1], mentions=[BATCH_1], expect=[
    "batch_size=1, lr 0.1: loss per epoch [0.666 0.246 0.214 0.151 0.097], test accuracy 0.938",
    "batch_size=1, lr 0.5: loss per epoch [2.433 2.43  2.431 2.423 2.426], test accuracy 0.096"])
item("04-batch-512", "04", [("525202a2", "batch_sizes = [1, 8, 32, 128, N]", "batch_sizes = [1, 8, 32, 128, 512, N]")],
     mentions=["`batch_sizes = [1, 8, 32, 128, 512, N]`"], check="assert 512 in epoch_time and 512 in curves")

# ------------------------------------------------------------------------------------------- 05
TANH_DEPTH = """for depth in (2, 4, 6, 8, 10, 12, 16, 20):
    print(f"{depth:2d} hidden layers: first / last layer gradient {explorer.run(depth, 'tanh', 'xavier')['ratio']:.2g}")"""
SIGMOID_LR = """model = deep_net(8, "sigmoid", "xavier")
h = fit(model, loss_fn, optim.SGD(model.parameters(), lr=1.0, momentum=0.9), (X_train, y_train), (X_val, y_val),
        epochs=10, batch_size=32, seed=0)
print(h.message or f"lr 1.0: final training loss {h.train_loss[-1]:.3f}, validation accuracy {h.val_acc[-1]:.3f}")"""
item("05-tanh-depth", "05", append=[TANH_DEPTH], mentions=[TANH_DEPTH], check="""
ratios = [explorer.run(depth, "tanh", "xavier")["ratio"] for depth in (2, 4, 6, 8, 10, 12, 16, 20)]
assert 1.0 <= min(ratios) and max(ratios) <= 1.7, ratios""")
item("05-sigmoid-lr", "05", append=[SIGMOID_LR], mentions=[SIGMOID_LR],
     expect=["lr 1.0: final training loss 2.383, validation accuracy 0.100"])
item("05-leaky", "05", [], mentions=['`"leaky_relu": nn.LeakyReLU` in `ACTIVATIONS`'], check="""
for init in INITS:  # a negative-side slope of 0.01 changes each layer's gradient by about 1%, not its size
    ratio = table["leaky_relu", init] / table["relu", init]
    assert np.all((0.8 < ratio) & (ratio < 1.25)), (init, ratio)""")

# ------------------------------------------------------------------------------------------- 06
MOMENTA = """for momentum in (0.5, 0.9, 0.99):
    path = run(lambda p: optim.SGD(p, lr=0.1, momentum=momentum))
    print(f"momentum {momentum}: loss after 50 steps {valley(*path[-1]):.2e}, "
          f"largest |w2| in steps 10-50 {np.abs(path[10:, 1]).max():.3f}")"""
SGD_055 = """path = run(lambda p: optim.SGD(p, lr=0.55))
print("w2 over the last 5 steps:", path[-5:, 1].round(2))"""
ADAM_LRS = """for lr in (1e-2, 1e-3, 1e-4):
    model.load_state_dict(initial_weights)
    h = fit(model, loss_fn, optim.Adam(model.parameters(), lr=lr), (X_train, y_train), (X_val, y_val),
            epochs=10, batch_size=32, seed=0)
    print(f"Adam lr {lr:g}: training loss {h.train_loss[-1]:.3f}, validation accuracy {h.val_acc[-1]:.3f}")"""
item("06-momenta", "06", append=[MOMENTA], mentions=[MOMENTA], expect=[
    "momentum 0.5: loss after 50 steps 2.93e-02, largest |w2| in steps 10-50 0.023",
    "momentum 0.9: loss after 50 steps 6.28e-04, largest |w2| in steps 10-50 0.413",
    "momentum 0.99: loss after 50 steps 1.78e-01, largest |w2| in steps 10-50 0.782"])
item("06-sgd-055", "06", append=[SGD_055], mentions=[SGD_055], check="""
assert np.allclose(path[1:, 1] / path[:-1, 1], 1 - 0.55 * 4), "w2 is multiplied by -1.2 at every step"
""")
item("06-adam-lrs", "06", append=[ADAM_LRS], mentions=[ADAM_LRS], expect=[
    "Adam lr 0.01: training loss 0.021, validation accuracy 0.967", "Adam lr 0.001: training loss 0.168, validation accuracy 0.922",
    "Adam lr 0.0001: training loss 1.757, validation accuracy 0.800"])


# ------------------------------------------------------------------------------------------- 07
item("07-wd-0.1", "07", [("4e4c3a11", "wd = 0.01 ", "wd = 0.1 ")], ["`wd = 0.1`"], check="""
print(f"wd {wd}: final train loss {history_l2.train_loss[-1]:.3f}, val loss {history_l2.val_loss[-1]:.3f}, "
      f"train acc {history_l2.train_acc[-1]:.3f}, weight norm {weight_norm(model_l2):.1f}")
assert history_l2.train_loss[-1] > 0.4 and history_l2.train_acc[-1] < 0.85, "wd = 0.1 underfits"
assert abs(history_l2.train_loss[-1] - history_l2.val_loss[-1]) < 0.05, "no gap between the curves"
""")
item("07-wd-0.001", "07", [("4e4c3a11", "wd = 0.01 ", "wd = 0.001 ")], ["`wd = 0.001`"], check="""
print(f"wd {wd}: final train loss {history_l2.train_loss[-1]:.3f}, val loss {history_l2.val_loss[-1]:.3f}")
assert history_l2.val_loss[-1] > 2.5 * history_l2.train_loss[-1], "wd = 0.001 is too weak: the curves drift apart"
""")
item("07-input-dropout", "07", [("d5b9580e", "model_drop = make_model(p=0.5)", "model_drop = make_model(p=0.5, p_in=0.2)")],
     ["`model_drop = make_model(p=0.5, p_in=0.2)`"], check="""
h_hidden = train(make_model(p=0.5))
print(f"p_in 0.2: final val {history_drop.val_loss[-1]:.3f}; p_in 0: final val {h_hidden.val_loss[-1]:.3f}")
assert (round(history_drop.val_loss[-1], 2), round(h_hidden.val_loss[-1], 2)) == (0.63, 0.65)

def final_val(seed, p_in):  # make_model and train with another seed for the weights, batches and masks
    nnlib.manual_seed(seed)
    model = nn.Sequential(nn.Dropout(p_in), nn.Linear(2, 128), nn.ReLU(), nn.Dropout(0.5),
                          nn.Linear(128, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 2))
    h = fit(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), lr=0.01), (X_train, y_train),
            (X_val, y_val), epochs=100, batch_size=20, seed=seed)
    return h.val_loss[-1]

assert abs(final_val(0, 0.2) - history_drop.val_loss[-1]) < 1e-12, "final_val(0, p_in) is the notebook's run"
finals = {p_in: np.array([final_val(seed, p_in) for seed in range(5)]) for p_in in (0.0, 0.2, 0.5)}
print({p_in: f.round(3) for p_in, f in finals.items()})
assert (finals[0.2] < finals[0.0]).all(), "p_in = 0.2 lowers the final validation loss for every seed"
assert (round(finals[0.0].mean(), 2), round(finals[0.2].mean(), 2), round(finals[0.5].mean(), 2)) == (0.60, 0.49, 0.54)
""")
MORE_DATA = """X_train, y_train = make_moons(n_samples=600, noise=0.35, seed=4)
history_600 = train(make_model())
print(f"600 points: final train loss {history_600.train_loss[-1]:.3f}, val loss {history_600.val_loss[-1]:.3f}")"""
item("07-more-data", "07", append=[MORE_DATA], mentions=[MORE_DATA], check="""
gap_600 = history_600.val_loss[-1] - history_600.train_loss[-1]
assert gap_600 < 0.1 < 1.0 < history_plain.val_loss[-1] - history_plain.train_loss[-1], "more data closes the gap"
""")


# ------------------------------------------------------------------------------------------- 08
NO_RESTORE = """model = make_model()
h = fit(model, loss_fn, optim.Adam(model.parameters(), lr=0.003), (X_train, y_train), (X_val, y_val),
        epochs=200, batch_size=32, seed=0, early_stopping=EarlyStopping(patience=10, restore_best=False))
kept = evaluate(model, loss_fn, X_val, y_val)[0]
print(f"best epoch {h.best_epoch}, stopped {h.stopped_epoch}; val loss kept {kept:.3f}, lowest {min(h.val_loss):.3f}")"""
item("08-no-restore", "08", append=[NO_RESTORE], mentions=[NO_RESTORE], check="""
assert (h.best_epoch, h.stopped_epoch) == (17, 27)
assert round(kept, 3) == 0.307 and round(min(h.val_loss), 3) == 0.273
""")
MIN_DELTA = NO_RESTORE.replace("restore_best=False", "min_delta=0.01")
item("08-min-delta", "08", append=[MIN_DELTA], mentions=["`EarlyStopping(patience=10, min_delta=0.01)`"], check="""
assert (h.best_epoch, h.stopped_epoch) == (10, 20) and history.stopped_epoch == 27
assert int(np.argmin(h.val_loss)) + 1 == 17, "the lowest validation loss is at epoch 17, not the epoch kept"
assert round(kept, 3) == 0.280 and round(min(h.val_loss), 3) == 0.273
""")
SMALL_VAL = """X_tr, X_v, X_te, y_tr, y_v, y_te = train_val_test_split(X, y, val_size=0.05, test_size=0.75, seed=0)
small = {}
for patience in [2, 5, 10, 30]:
    model = make_model()
    h = fit(model, loss_fn, optim.Adam(model.parameters(), lr=0.003), (X_tr, y_tr), (X_v, y_v),
            epochs=200, batch_size=32, seed=0, early_stopping=EarlyStopping(patience=patience))
    small[patience] = h, evaluate(model, loss_fn, X_te, y_te)[0]
    print(f"patience {patience:2d}: {len(y_tr)} train, {len(y_v)} validation points; stopped at epoch "
          f"{h.stopped_epoch:3d}, loss of the kept weights on the other {len(y_te)} points {small[patience][1]:.3f}")"""
item("08-small-val", "08", append=[SMALL_VAL], mentions=[SMALL_VAL], check="""
assert (len(y_tr), len(y_v), len(y_te)) == (200, 50, 750)
other = {k: round(v[1], 3) for k, v in small.items()}
assert 0.288 <= min(other[2], other[5], other[10]) <= max(other[2], other[5], other[10]) <= 0.289
assert other[30] == 0.302
""")

# ------------------------------------------------------------------------------------------- 09
SHIFT_1 = """transform = augment.RandomShift(1)
model_1 = make_model()
train(model_1, transform=transform)
print("this transform:", accuracy_by_shift(model_1).round(3), "  RandomShift(2):", acc_augmented.round(3))"""
item("09-shift-1", "09", append=[SHIFT_1], mentions=[SHIFT_1], check="""
assert list(accuracy_by_shift(model_1).round(3)) == [0.969, 0.952, 0.230]
assert list(acc_plain.round(3)) == [0.967, 0.338, 0.103] and list(acc_augmented.round(3)) == [0.924, 0.909, 0.889]
""")
COMPOSE = "augment.Compose([augment.RandomShift(1), augment.RandomRotation(10), augment.AddNoise(0.05)])"
item("09-compose", "09", append=[SHIFT_1.replace("augment.RandomShift(1)", COMPOSE)],
     mentions=[f"`transform = {COMPOSE}`"], check="""
assert list(accuracy_by_shift(model_1).round(3)) == [0.924, 0.924, 0.248]
""")
FLIP = "augment.RandomHorizontalFlip(0.5)"
item("09-flip", "09", append=[SHIFT_1.replace("augment.RandomShift(1)", FLIP)], mentions=[f"`transform = {FLIP}`"],
     check="""
assert accuracy_by_shift(model_1)[0] == acc_plain[0], "flips do not change the accuracy on centred test digits here"
assert round(acc_plain[0], 3) == 0.967
""")

# ------------------------------------------------------------------------------------------- 10
def _pair(plain, bn):  # what `report` prints: final train loss, final and best validation accuracy
    return [f"plain             final train loss {plain[0]:.3f}   validation accuracy {plain[1]:.3f} "
            f"(best epoch {plain[2]:.3f})",
            f"with BatchNorm1d  final train loss {bn[0]:.3f}   validation accuracy {bn[1]:.3f} (best epoch {bn[2]:.3f})"]


item("10-tanh", "10", append=["report(train_pair(activation=nn.Tanh))"],
     mentions=["`report(train_pair(activation=nn.Tanh))`"], expect=_pair((0.179, 0.944, 0.944), (0.249, 0.940, 0.940)))
item("10-depth-20", "10", append=["report(train_pair(depth=20))"], mentions=["`report(train_pair(depth=20))`"],
     expect=_pair((2.308, 0.100, 0.102), (0.836, 0.627, 0.849)))
item("10-lr", "10", append=["report(train_pair(lr=3e-2))"], mentions=["`report(train_pair(lr=3e-2))`"],
     expect=_pair((2.306, 0.100, 0.102), (0.318, 0.900, 0.900)))
item("10-batch-2", "10", append=["report(train_pair(batch_size=2, drop_last=True))"],
     mentions=["`report(train_pair(batch_size=2, drop_last=True))`"], expect=_pair((1.890, 0.193, 0.198), (2.234, 0.251, 0.376)),
     check="""
try:                                                # without drop_last: the last batch of one digit
    train_pair(batch_size=2, epochs=1)
except ValueError as error:
    assert "drop_last=True" in str(error), error
else:
    raise AssertionError("batch norm should refuse a training batch of one")
""")

# ------------------------------------------------------------------------------------------- 11
def _means(frozen, tuned, scratch, per_class=1):  # the two rows `compare()` prints: moved, then centred digits
    return [f"mean over 5 picks ({per_class} per class)",
            f"  moved validation digits           {frozen[0]:11.3f}  {tuned[0]:10.3f}  {scratch[0]:12.3f}",
            f"  centred validation digits         {frozen[1]:11.3f}  {tuned[1]:10.3f}  {scratch[1]:12.3f}"]


item("11-per-class-3", "11", append=["per_class = 3\ncompare()"], mentions=["`per_class = 3` and then `compare()`"],
     expect=_means((0.771, 0.840), (0.809, 0.864), (0.784, 0.883), per_class=3))
item("11-per-class-10", "11", append=["per_class = 10\ncompare()"], mentions=["`per_class = 10`"],
     expect=_means((0.874, 0.910), (0.902, 0.932), (0.905, 0.943), per_class=10))
item("11-no-variety", "11", append=["pretrained = copy.deepcopy(pretrain(transform=None).state_dict())\ncompare()"],
     mentions=["`pretrained = copy.deepcopy(pretrain(transform=None).state_dict())` and then `compare()`"],
     expect=_means((0.518, 0.658), (0.562, 0.694), (0.591, 0.736)))
item("11-ft-lr", "11", append=["compare(ft_lr=1e-2)"], mentions=["`compare(ft_lr=1e-2)`"],
     expect=_means((0.614, 0.744), (0.596, 0.711), (0.591, 0.736)))
item("11-scratch-aug", "11", append=["compare(scratch_transform=varied)"], mentions=["`compare(scratch_transform=varied)`"],
     expect=_means((0.614, 0.744), (0.627, 0.742), (0.617, 0.738)))

# ------------------------------------------------------------------------------------------- 12
RARE = """rng = np.random.default_rng(0)
keep_train, keep_test = [(labels != 9) | (rng.random(len(labels)) < 1 / 3) for labels in (y_train, y_test)]
nnlib.manual_seed(0)
rare = nn.Sequential(nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, 2))
fit(rare, nn.CrossEntropyLoss(), optim.Adam(rare.parameters(), lr=1e-2),
    (X_train[keep_train], y_train9[keep_train]), epochs=5, batch_size=32, seed=0)
yt, pt = y_test9[keep_test], predict(rare, X_test[keep_test])
print(f'{yt.sum()} nines among {len(yt)} test images: "always no" accuracy {accuracy(yt, 0 * yt):.3f}; '
      f"network accuracy {accuracy(yt, pt):.3f}, recall {recall(yt, pt):.3f}, F1 {f1_score(yt, pt):.3f}")"""
item("12-rare", "12", append=[RARE], mentions=[RARE], expect=[
    '20 nines among 506 test images: "always no" accuracy 0.960; network accuracy 0.960, recall 0.000, F1 0.000'])
F1_SWEEP = """for threshold in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6):
    p = (proba > threshold).astype(np.int64)
    print(f"threshold {threshold:.1f}: F1 {f1_score(y_test9, p):.3f}")"""
item("12-f1-threshold", "12", append=[F1_SWEEP], mentions=[F1_SWEEP], expect=[
    "threshold 0.3: F1 0.855", "threshold 0.4: F1 0.855", "threshold 0.5: F1 0.827", "threshold 0.6: F1 0.804"],
    check="assert round(net['f1'], 3) == 0.827")
LONGER = """nnlib.manual_seed(0)
model20 = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
fit(model20, nn.CrossEntropyLoss(), optim.Adam(model20.parameters(), lr=1e-2), (X_train, y_train),
    epochs=20, batch_size=32, seed=0)
C20 = confusion_matrix(y_test, predict(model20, X_test))
print(f"mistakes: {C.sum() - np.trace(C)} after 4 epochs, {C20.sum() - np.trace(C20)} after 20")
print("off-diagonal cells, 20 epochs minus 4:\\n", np.where(np.eye(10, dtype=bool), 0, C20 - C))"""
item("12-longer", "12", append=[LONGER], mentions=[LONGER], expect=["mistakes: 43 after 4 epochs, 22 after 20"],
     check="""
assert (C[1, 8], C20[1, 8], C[8, 1], C20[8, 1]) == (10, 1, 2, 7)
assert C[:, 9].sum() - C[9, 9] > 2 * (C20[:, 9].sum() - C20[9, 9]), "most confusions with 9 disappear"
assert np.array_equal(C, confusion_matrix(y_test, pred)), "the 4-epoch matrix is still the one from section 2"
""")

# ------------------------------------------------------------------------------------------- 13
item("13-float64", "13", [("9b5c0fc3", "dtype = np.float32 ", "dtype = np.float64 ")],
     mentions=["`dtype = np.float32` to `dtype = np.float64`"], check="""
assert X3.dtype == np.float64 and model[0].weight.data.dtype == np.float64
assert gap.max() < 5e-15, f"float64 gap {gap.max():.1e}"
""")
item("13-adam", "13", [("2d72936c", "optim.SGD(model.parameters(), lr=0.05, momentum=0.9)", "optim.Adam(model.parameters(), lr=1e-3)"),
                       ("d6ea0c8d", "torch.optim.SGD(tmodel.parameters(), lr=0.05, momentum=0.9)",
                        "torch.optim.Adam(tmodel.parameters(), lr=1e-3)")],
     mentions=["`optim.Adam(model.parameters(), lr=1e-3)`", "`torch.optim.Adam(tmodel.parameters(), lr=1e-3)`"], check="""
assert type(optimizer).__name__ == "Adam" and gap.max() < 2e-6, f"Adam gap {gap.max():.1e}"
assert round(losses[-1], 3) == 0.336 and round(tlosses[-1], 3) == 0.336
""")
item("13-threads", "13", [("0c4cced6", "if gpu:\n    widths", "THREADS = os.cpu_count()\nif gpu:\n    widths")],
     mentions=["`THREADS = os.cpu_count()`"], check="""
# Only what holds on any machine and load: the sweep ran with every core's thread and produced its table
# (issue 27: whether more threads help depends on the load, so no timing is compared here).
assert THREADS == os.cpu_count()
assert all(len(t) == len(widths) and all(np.isfinite(t) and t > 0 for t in t) for t in t_width.values()), t_width
print("torch CPU, ms per step by width:", ", ".join(f"{w}: {t:.2f}" for w, t in zip(widths, t_width["torch CPU"])))
""", expect=["torch CPU, ms per step by width: 16: "])


# ------------------------------------------------------------------------------ the test (keep last)
def _executed(item_id):
    edited, _ = notebook_run(ITEMS[item_id].notebook)   # the notebook's items share one run (and its figures' check)
    return result(edited[item_id])


@pytest.mark.slow  # each item runs a whole notebook: `make test` runs them, `make test-fast` does not
@pytest.mark.parametrize("item_id", sorted(ITEMS))
def test_things_to_try_item_runs_and_its_answer_holds(item_id):
    nb = _executed(item_id)
    assert stderr_of(nb) == "", f"the edited notebook wrote to stderr:\n{stderr_of(nb)[:2000]}"
    printed = added_output(ITEMS[item_id], nb)
    for text in ITEMS[item_id].expect:
        assert text in printed, f"expected {text!r} in the output:\n{printed}"
