"""Blind student code for notebook 02 (round 4), written from the notebook and nnlib's public API
without reading the checks, the references or the cases."""
import numpy as np


def lr_eigvalsh(hessian):
    return float(2.0 / np.linalg.eigvalsh(hessian).max())


def lr_spectral_norm(hessian):
    return 2 / np.linalg.norm(np.asarray(hessian, dtype=float), ord=2)


def lr_power_iteration(hessian):
    H = np.asarray(hessian, dtype=np.float64)
    v = np.ones(H.shape[0]) / np.sqrt(H.shape[0]) + np.linspace(0, 0.1, H.shape[0])
    lam = 0.0
    for _ in range(2000):
        w = H @ v
        lam_new = float(v @ w / (v @ v))
        v = w / np.linalg.norm(w)
        if abs(lam_new - lam) < 1e-14 * abs(lam_new):
            lam = lam_new
            break
        lam = lam_new
    return 2.0 / lam


# -------- WRONG
def lr_one_over(hessian):
    return float(1 / np.linalg.eigvalsh(hessian).max())


def lr_min_eig(hessian):
    return float(2 / np.linalg.eigvalsh(hessian).min())


def lr_best_rate(hessian):
    ev = np.linalg.eigvalsh(hessian)
    return float(2 / (ev.min() + ev.max()))


def lr_diag(hessian):
    return float(2 / np.max(np.diag(hessian)))


def lr_eig_last(hessian):
    return float(2 / np.real(np.linalg.eig(hessian)[0][-1]))   # eig is not sorted


def lr_eigvalsh_first(hessian):
    return float(2 / np.linalg.eigvalsh(hessian)[0])            # thinks eigvalsh is descending


def lr_frobenius(hessian):
    return float(2 / np.linalg.norm(hessian))


def lr_max_entry(hessian):
    return float(2 / np.max(hessian))


def lr_trace(hessian):
    return float(2 / np.trace(hessian))


def lr_inverted(hessian):
    return float(2 * np.linalg.eigvalsh(hessian).max())


def lr_array(hessian):
    return 2 / np.linalg.eigvalsh(hessian)[-1:]               # returns shape (1,) array


RIGHT = {"02.max_lr": [lr_eigvalsh, lr_spectral_norm, lr_power_iteration]}
WRONG = {"02.max_lr": [
    (lr_one_over, "1/lambda_max (fastest rate) instead of 2/lambda_max"),
    (lr_min_eig, "2/lambda_min: uses the flattest curvature"),
    (lr_best_rate, "2/(lambda_min+lambda_max): the best rate, not the largest stable one"),
    (lr_diag, "2/max diagonal entry: ignores rotation"),
    (lr_eig_last, "np.linalg.eig()[0][-1] assumed sorted ascending"),
    (lr_eigvalsh_first, "eigvalsh()[0] assumed largest (it is the smallest)"),
    (lr_frobenius, "Frobenius norm instead of largest eigenvalue"),
    (lr_max_entry, "largest matrix entry instead of largest eigenvalue"),
    (lr_trace, "2/trace (sum of eigenvalues)"),
    (lr_inverted, "2*lambda_max instead of 2/lambda_max"),
    (lr_array, "returns a 1-element array, not a number (value right)"),
]}
