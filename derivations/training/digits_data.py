"""scikit-learn's bundled digits, split and standardised for the experiment."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import fraction, nonnegative_int


@dataclass(frozen=True)
class DigitsSplit:
    """A seeded, stratified train/validation/test split of the 8x8 digits, standardised.

    Attributes
    ----------
    X_train, X_val, X_test : numpy.ndarray, shape (N, 64)
        Features standardised with the *training* mean and scale.
    y_train, y_val, y_test : numpy.ndarray of int, shape (N,)
        Class labels 0-9.
    mean, scale : numpy.ndarray, shape (64,)
        Training-split statistics; ``scale`` is the standard deviation, with 1
        for the pixels that are constant in the training split.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    mean: np.ndarray
    scale: np.ndarray


def load_digits_split(test_size: float = 0.25, val_size: float = 0.2, seed: int = 0) -> DigitsSplit:
    """Load ``sklearn.datasets.load_digits`` (no download) and split it three ways.

    Parameters
    ----------
    test_size : float, default 0.25
        Fraction of the 1797 samples held out for testing, in (0, 1).
    val_size : float, default 0.2
        Fraction of the *remaining* samples held out for validation (choosing
        the learning rate), in (0, 1).
    seed : int, default 0
        Seed of the two stratified shuffle splits.

    Returns
    -------
    DigitsSplit
        Standardised features and integer labels.

    Raises
    ------
    ValueError
        If ``test_size`` or ``val_size`` is not in (0, 1) or ``seed`` is negative.

    Notes
    -----
    Requires scikit-learn (the ``experiment`` extra). The data ship with it.

    Examples
    --------
    >>> s = load_digits_split()
    >>> s.X_train.shape, s.X_val.shape, s.X_test.shape
    ((1077, 64), (270, 64), (450, 64))
    >>> bool(abs(s.X_train.mean()) < 1e-12)
    True
    """
    func = "load_digits_split"
    frac = fraction(test_size, "test_size", func)
    vfrac = fraction(val_size, "val_size", func)
    rs = nonnegative_int(seed, "seed", func)
    # Imported here so the rest of the package works without scikit-learn.
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    X_rest, X_te, y_rest, y_te = train_test_split(
        X.astype(np.float64), y.astype(np.int64), test_size=frac, random_state=rs, stratify=y
    )
    X_tr, X_va, y_tr, y_va = train_test_split(
        X_rest, y_rest, test_size=vfrac, random_state=rs, stratify=y_rest
    )
    mean = X_tr.mean(axis=0)
    std = X_tr.std(axis=0)
    # Border pixels are always 0: leave them at 0 rather than divide by 0.
    scale = np.where(std > 0, std, 1.0)
    return DigitsSplit(
        X_train=(X_tr - mean) / scale,
        y_train=y_tr,
        X_val=(X_va - mean) / scale,
        y_val=y_va,
        X_test=(X_te - mean) / scale,
        y_test=y_te,
        mean=mean,
        scale=scale,
    )
