"""The abscissa of a figure: a reader's grid, checked, or a default one."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: Largest |t| a margin figure accepts: exp(2 t) must stay finite in float64.
T_LIMIT = 300.0


def margin_grid(
    t: ArrayLike | None, default: tuple[float, float], caller: str, points: int = 401
) -> NDArray[np.float64]:
    """Return ``t`` as a checked float64 grid, or ``points`` evenly spaced values over ``default``.

    Parameters
    ----------
    t : array_like or None
        The reader's grid (1-d, at least 2 finite points with ``|t| <= T_LIMIT``), or None.
    default : tuple of float
        Start and end of the default grid.
    caller : str
        Name of the figure function, for error messages.
    points : int, optional
        Size of the default grid.

    Returns
    -------
    numpy.ndarray
        The grid.

    Raises
    ------
    ValueError
        If ``t`` is not a finite 1-d grid of at least 2 points within ``T_LIMIT``.

    Examples
    --------
    >>> margin_grid(None, (-1.0, 1.0), "plot_x", points=3)
    array([-1.,  0.,  1.])
    >>> margin_grid([0.0, 1e9], (-1.0, 1.0), "plot_x")
    Traceback (most recent call last):
    ...
    ValueError: plot_x: |t| must be at most 300.0 (exp(2 t) must stay finite)
    """
    grid = np.linspace(*default, points) if t is None else np.asarray(t, dtype=np.float64)
    if grid.ndim != 1 or grid.size < 2 or not np.all(np.isfinite(grid)):
        raise ValueError(f"{caller}: the grid must be a finite 1-d array of at least 2 points")
    if np.max(np.abs(grid)) > T_LIMIT:
        raise ValueError(f"{caller}: |t| must be at most {T_LIMIT} (exp(2 t) must stay finite)")
    return grid
