"""Prior shift for K classes (``shift_prior``, ``estimate_prior``) against independent references.

* Bayes' rule applied directly to known Gaussian class densities (the
  posteriors under the training priors and under the deployment priors);
* a sample drawn with known deployment priors: the estimate lies within
  sampling error of them;
* a plain EM loop written here (no acceleration) and the maximum of the
  mixture log-likelihood found by SciPy;
* the binary functions, for two classes.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import imbcore as ic

MEANS = np.array([0.0, 1.5, 3.0, 4.0])
TRAIN = np.array([0.6, 0.25, 0.1, 0.05])
DEPLOY = np.array([0.2, 0.3, 0.35, 0.15])


def log_density(x: np.ndarray, means: np.ndarray) -> np.ndarray:
    """log N(x; mu_j, 1) for each class j: an (n, K) array."""
    d = x[:, None] - means[None, :]
    return -0.5 * d * d - 0.5 * math.log(2 * math.pi)


def posteriors(x: np.ndarray, means: np.ndarray, priors: np.ndarray) -> np.ndarray:
    """Bayes' rule on the known densities, in log space."""
    z = log_density(x, means) + np.log(priors)
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def draw(n: int, means: np.ndarray, priors: np.ndarray, rng: np.random.Generator):
    y = rng.choice(means.size, size=n, p=priors)
    return rng.normal(means[y], 1.0), y


def plain_em(p: np.ndarray, train: np.ndarray, w: np.ndarray | None = None,
             steps: int = 200_000) -> np.ndarray:
    """The EM of Saerens et al. as the paper writes it, run until it stops moving."""
    pi = train.copy()
    for _ in range(steps):
        q = p * (pi / train)
        q /= q.sum(axis=1, keepdims=True)
        new = q.mean(axis=0) if w is None else (w / w.sum()) @ q
        if np.max(np.abs(new - pi)) < 1e-15:
            return new
        pi = new
    return pi


def likelihood_maximum(p: np.ndarray, train: np.ndarray) -> np.ndarray:
    """argmax over the simplex of sum_i log sum_j pi_j p_ij / train_j, by SciPy."""
    from scipy.optimize import minimize

    lik = p / train

    def negative(theta: np.ndarray) -> tuple[float, np.ndarray]:
        z = np.r_[0.0, theta]
        pi = np.exp(z - z.max())
        pi /= pi.sum()
        mix = lik @ pi
        grad_pi = -(lik / mix[:, None]).sum(axis=0)
        # chain rule through the softmax, dropping the fixed first coordinate
        grad_z = pi * (grad_pi - pi @ grad_pi)
        return -float(np.log(mix).sum()), grad_z[1:]

    res = minimize(negative, np.zeros(train.size - 1), jac=True, method="BFGS",
                   options={"gtol": 1e-10, "maxiter": 10_000})
    z = np.r_[0.0, res.x]
    pi = np.exp(z - z.max())
    return pi / pi.sum()


# ------------------------------------------------------------------ shift


def test_shift_prior_k_classes_is_bayes_rule_on_known_densities():
    x = np.linspace(-4.0, 8.0, 2001)
    got = ic.shift_prior(posteriors(x, MEANS, TRAIN), TRAIN, DEPLOY)
    want = posteriors(x, MEANS, DEPLOY)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(got.sum(axis=1), 1.0, rtol=1e-15)


def test_shift_prior_k_classes_round_trip_and_any_leading_shape():
    rng = np.random.default_rng(1)
    p = rng.dirichlet(np.ones(4), size=(5, 7))
    back = ic.shift_prior(ic.shift_prior(p, TRAIN, DEPLOY), DEPLOY, TRAIN)
    assert back.shape == (5, 7, 4)
    np.testing.assert_allclose(back, p, rtol=1e-12)
    # unchanged priors change nothing
    np.testing.assert_allclose(ic.shift_prior(p, TRAIN, TRAIN), p, rtol=1e-15)


def test_shift_prior_two_classes_keeps_the_binary_form_which_agrees():
    rng = np.random.default_rng(2)
    p1 = rng.uniform(size=100)
    P = np.c_[1 - p1, p1]
    by_column = ic.shift_prior(P, [0.7, 0.3], [0.4, 0.6])
    np.testing.assert_allclose(by_column[:, 1], ic.shift_prior(p1, 0.3, 0.6), rtol=1e-14)
    # the multiclass formula, written here, gives the same numbers
    q = P * (np.array([0.4, 0.6]) / np.array([0.7, 0.3]))
    np.testing.assert_allclose(by_column, q / q.sum(axis=1, keepdims=True), rtol=1e-13)


def test_shift_prior_vectors_not_summing_to_one_still_broadcast_as_binary():
    # three separate binary problems whose prevalences do not sum to 1
    p = np.array([[0.2, 0.5, 0.9]])
    got = ic.shift_prior(p, [0.1, 0.2, 0.3], [0.5, 0.5, 0.5])
    want = [ic.shift_prior(p[0, j], f, 0.5) for j, f in enumerate([0.1, 0.2, 0.3])]
    np.testing.assert_allclose(got[0], want, rtol=1e-15)


# ------------------------------------------------------------------ estimate


@pytest.mark.parametrize("deploy", [DEPLOY, np.array([0.7, 0.2, 0.07, 0.03]),
                                    np.array([0.05, 0.05, 0.1, 0.8])])
def test_estimate_prior_k_classes_recovers_known_priors(deploy):
    pytest.importorskip("scipy")
    rng = np.random.default_rng(2002)
    x, y = draw(30_000, MEANS, deploy, rng)
    p = posteriors(x, MEANS, TRAIN)
    est = ic.estimate_prior(p, TRAIN)
    assert est.converged
    assert est.prevalence.shape == (4,)
    assert est.prevalence.sum() == pytest.approx(1.0, abs=1e-12)
    # within sampling error of the true priors (sd of a share of 30,000 is <= 0.003;
    # the mixture estimate is noisier, the classes overlap), and far from training
    np.testing.assert_allclose(est.prevalence, deploy, atol=0.03)
    share = np.bincount(y, minlength=4) / y.size
    np.testing.assert_allclose(est.prevalence, share, atol=0.03)
    assert np.max(np.abs(est.prevalence - TRAIN)) > 0.05
    # the fixed point of the plain EM, and the maximum of the likelihood
    np.testing.assert_allclose(est.prevalence, plain_em(p, TRAIN), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(est.prevalence, likelihood_maximum(p, TRAIN), rtol=1e-5,
                               atol=1e-8)
    # the moved posteriors are Bayes' rule at the estimated priors, and calibrated
    np.testing.assert_allclose(est.proba, posteriors(x, MEANS, est.prevalence), rtol=1e-9,
                               atol=1e-300)
    np.testing.assert_allclose(est.proba.mean(axis=0), est.prevalence, rtol=1e-8)


def test_estimate_prior_k_classes_acceleration_saves_steps():
    # weakly separated classes: the plain EM creeps; the accelerated one does not
    rng = np.random.default_rng(5)
    means = np.array([0.0, 0.7, 1.4])
    train = np.array([1 / 3, 1 / 3, 1 / 3])
    x, _ = draw(2000, means, np.array([0.6, 0.3, 0.1]), rng)
    p = posteriors(x, means, train)
    est = ic.estimate_prior(p, train, tol=1e-12)
    assert est.converged
    slow = 0
    pi = train.copy()
    while True:
        q = p * (pi / train)
        q /= q.sum(axis=1, keepdims=True)
        new = q.mean(axis=0)
        slow += 1
        if np.all(np.abs(new - pi) <= 1e-12 * np.minimum(new, 1 - new)):
            break
        pi = new
    assert est.n_iter * 5 < slow, (est.n_iter, slow)
    np.testing.assert_allclose(est.prevalence, new, rtol=1e-6, atol=1e-8)


def test_estimate_prior_two_columns_equals_the_binary_estimate():
    rng = np.random.default_rng(7)
    # a binormal sample drawn at prevalence 0.35, posteriors at the training 0.2
    x, y = draw(5000, np.array([0.0, 1.2]), np.array([0.65, 0.35]), rng)
    p1 = posteriors(x, np.array([0.0, 1.2]), np.array([0.8, 0.2]))[:, 1]
    binary = ic.estimate_prior(p1, 0.2)
    assert 0.2 < binary.prevalence < 0.5
    two = ic.estimate_prior(np.c_[1 - p1, p1], [0.8, 0.2])
    assert two.prevalence[1] == pytest.approx(binary.prevalence, rel=1e-8)
    np.testing.assert_allclose(two.proba[:, 1], binary.proba, rtol=1e-7, atol=1e-12)


def test_estimate_prior_k_classes_sample_weight_equals_repetition():
    rng = np.random.default_rng(3)
    p = rng.dirichlet([1.0, 0.5, 0.3], size=400)
    k = rng.integers(0, 4, 400)
    train = np.array([0.5, 0.3, 0.2])
    weighted = ic.estimate_prior(p, train, sample_weight=k)
    repeated = ic.estimate_prior(np.repeat(p, k, axis=0), train)
    np.testing.assert_allclose(weighted.prevalence, repeated.prevalence, rtol=1e-9)
    np.testing.assert_allclose(weighted.prevalence, plain_em(p, train, k.astype(float)),
                               rtol=1e-6, atol=1e-9)


def test_estimate_prior_k_classes_a_class_that_never_occurs_goes_to_zero():
    # the third class has posterior 0 everywhere: its prior is 0 at the fixed point
    p = np.array([[0.9, 0.1, 0.0], [0.2, 0.8, 0.0], [0.6, 0.4, 0.0]])
    est = ic.estimate_prior(p, [0.4, 0.4, 0.2])
    assert est.prevalence[2] == 0.0
    assert np.isfinite(est.proba).all()


def test_estimate_prior_k_classes_warns_when_not_converged():
    rng = np.random.default_rng(4)
    p = rng.dirichlet(np.ones(3), size=200)
    with pytest.warns(ic.ImbcoreWarning, match="did not converge in 1 iterations"):
        est = ic.estimate_prior(p, [0.2, 0.3, 0.5], max_iter=1)
    assert not est.converged and est.n_iter == 1


ROWS = np.array([[0.5, 0.3, 0.2], [0.1, 0.1, 0.8]])


@pytest.mark.parametrize("call, message", [
    (lambda: ic.estimate_prior(ROWS, [0.5, 0.5]),
     r"^invalid train_prevalence: got 2 priors for 3 columns of p; "),
    (lambda: ic.estimate_prior(ROWS, 0.5),
     r"^invalid p: got an array of shape \(2, 3\); .*a train_prevalence per class"),
    (lambda: ic.estimate_prior(ROWS, [0.5, 0.5, 0.5]),
     r"^invalid train_prevalence: got priors summing to 1\.5; "),
    (lambda: ic.estimate_prior(ROWS, [0.0, 0.5, 0.5]),
     r"^invalid train_prevalence: got 0\.0 at index 0; "),
    (lambda: ic.estimate_prior([[0.5, 0.3, 0.3]], [0.2, 0.3, 0.5]),
     r"^invalid p: got a row 0 summing to 1\.1; "),
    (lambda: ic.estimate_prior([[0.5, -0.1, 0.6]], [0.2, 0.3, 0.5]),
     r"^invalid p: got -0\.1 at index \(0, 1\); "),
    (lambda: ic.estimate_prior([[0.5, np.nan, 0.5]], [0.2, 0.3, 0.5]),
     r"^invalid p: got nan at index \(0, 1\); "),
    (lambda: ic.estimate_prior(np.zeros((0, 3)), [0.2, 0.3, 0.5]),
     r"^invalid p: got an empty array; "),
    (lambda: ic.estimate_prior(ROWS, [0.2, 0.3, 0.5], sample_weight=[1.0]),
     r"^invalid sample_weight: got shape \(1,\); "),
    (lambda: ic.estimate_prior(ROWS, [0.2, 0.3, 0.5], sample_weight=[1.0, -1.0]),
     r"^invalid sample_weight: got -1\.0 at index 1; "),
    (lambda: ic.estimate_prior(ROWS, [0.2, 0.3, 0.5], sample_weight=[0.0, 0.0]),
     r"^invalid sample_weight: got weights summing to 0; "),
    (lambda: ic.estimate_prior(ROWS, [0.2, 0.3, 0.5], tol=-1.0), r"^invalid tol: got -1\.0; "),
    (lambda: ic.estimate_prior(ROWS, [0.2, 0.3, 0.5], max_iter=0),
     r"^invalid max_iter: got 0; "),
    (lambda: ic.estimate_prior(np.zeros((2, 2, 3)), [0.2, 0.3, 0.5]),
     r"^invalid p: got an array of shape \(2, 2, 3\); .*\(n, K\) array of class posteriors"),
    (lambda: ic.shift_prior([[0.5, 0.3, 0.3]], [0.2, 0.3, 0.5], [0.3, 0.3, 0.4]),
     r"^invalid p: got a row 0 summing to 1\.1; .*one-vs-rest"),
    (lambda: ic.shift_prior(ROWS, [0.2, 0.3, 0.5], [0.0, 0.5, 0.5]),
     r"^invalid to_prevalence: got 0\.0 at index 0; "),
])
def test_k_class_errors_name_the_argument(call, message):
    with pytest.raises(ic.ImbcoreError, match=message):
        call()
    try:
        call()
    except ValueError as e:  # an ImbcoreError is a ValueError with one line
        assert "\n" not in str(e) and re.match(message, str(e))
