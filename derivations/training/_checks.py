"""Input checks shared by the training simulations (private)."""

from __future__ import annotations

import math
import numbers

import numpy as np

LOSS_NAMES = ("cross_entropy", "mse_on_softmax")


def positive_float(value: float, name: str, func: str) -> float:
    """Return ``value`` as a float, or raise if it is not finite and > 0."""
    real = _real(value, name, func)
    if not real > 0:
        raise ValueError(f"{func}: {name} must be positive, got {value!r}")
    return real


def finite_float(value: float, name: str, func: str) -> float:
    """Return ``value`` as a finite float, or raise."""
    return _real(value, name, func)


def nonnegative_int(value: int, name: str, func: str) -> int:
    """Return ``value`` as an int, or raise if it is not an integer >= 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{func}: {name} must be an integer, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{func}: {name} must be non-negative, got {value}")
    return int(value)


def fraction(value: float, name: str, func: str) -> float:
    """Return ``value`` as a float strictly between 0 and 1, or raise."""
    real = _real(value, name, func)
    if not 0 < real < 1:
        raise ValueError(f"{func}: {name} must lie strictly between 0 and 1, got {value!r}")
    return real


def loss_name(value: str, func: str) -> str:
    """Return ``value`` if it names a supported loss, or raise."""
    if value not in LOSS_NAMES:
        raise ValueError(f"{func}: loss must be one of {LOSS_NAMES}, got {value!r}")
    return value


def float_array(value: object, name: str, func: str, ndim: int) -> np.ndarray:
    """Return ``value`` as a finite float64 array with ``ndim`` dimensions, or raise."""
    arr = np.asarray(value)
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
    ):
        raise TypeError(f"{func}: {name} must be a real numeric array, got dtype {arr.dtype}")
    if arr.ndim != ndim:
        raise ValueError(f"{func}: {name} must have {ndim} dimension(s), got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{func}: {name} must not be empty")
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{func}: {name} must be finite")
    return arr


def _real(value: float, name: str, func: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{func}: {name} must be a real number, got {type(value).__name__}")
    real = float(value)
    if not math.isfinite(real):
        raise ValueError(f"{func}: {name} must be finite, got {value!r}")
    return real
