r"""Nielsen's learning slowdown: one sigmoid neuron, quadratic vs cross-entropy cost.

Reproduces the example that opens chapter 3 of Nielsen (2015), *Neural Networks
and Deep Learning*: a neuron :math:`a = \sigma(wx + b)` with one input
:math:`x = 1` and target :math:`y = 0`, trained by plain gradient descent with
learning rate :math:`\eta = 0.15` for 300 epochs from :math:`(w, b) = (0.6, 0.9)`
and from :math:`(2, 2)`.

The costs are evaluated with the package's softmax kernels through the two-class
embedding :math:`\sigma(z) = \mathrm{softmax}(z, 0)_1` with :math:`z = wx + b` (the pinned
logit is the *second* one; classes are numbered from 1), with target distribution
:math:`(y, 1 - y)`:

* binary cross-entropy :math:`-[y\ln a + (1-y)\ln(1-a)]` is
  ``cross_entropy([z, 0], [y, 1-y])``;
* the quadratic cost :math:`\tfrac12 (a-y)^2` is half of
  ``mse_on_softmax([z, 0], [y, 1-y])``, because both components of
  :math:`\mathrm{softmax} - [y, 1-y]` equal :math:`\pm(a - y)`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import derivations

from ._checks import finite_float, float_array, fraction, nonnegative_int, positive_float

COSTS = ("quadratic", "cross_entropy")
#: Nielsen's two starting points ``(w, b)``.
NIELSEN_STARTS = ((0.6, 0.9), (2.0, 2.0))
#: Learning rate Nielsen uses with the quadratic cost.
NIELSEN_LEARNING_RATE = 0.15
#: Learning rate Nielsen says he used in his cross-entropy demos (ch. 3).
NIELSEN_CROSS_ENTROPY_LEARNING_RATE = 0.005
NIELSEN_EPOCHS = 300


@dataclass(frozen=True)
class NeuronRun:
    r"""History of one gradient-descent run of the sigmoid neuron.

    All arrays have length ``epochs + 1``: index ``e`` holds the state after
    ``e`` updates (index 0 is the start).

    Attributes
    ----------
    cost_name : str
        ``"quadratic"`` or ``"cross_entropy"``.
    start : tuple of float
        Initial ``(w, b)``.
    learning_rate : float
        Gradient-descent step size :math:`\eta`.
    epoch : numpy.ndarray
        ``0, 1, ..., epochs``.
    cost : numpy.ndarray
        Cost at each epoch.
    output : numpy.ndarray
        Neuron output :math:`a = \sigma(wx + b)` at each epoch.
    w, b : numpy.ndarray
        Weight and bias at each epoch.
    """

    cost_name: str
    start: tuple[float, float]
    learning_rate: float
    epoch: np.ndarray
    cost: np.ndarray
    output: np.ndarray
    w: np.ndarray
    b: np.ndarray


@dataclass(frozen=True)
class NielsenSlowdown:
    """The four runs of Nielsen's example: two costs times two starts.

    Attributes
    ----------
    runs : tuple of NeuronRun
        Ordered cost-major: quadratic from each start, then cross-entropy.
    """

    runs: tuple[NeuronRun, ...]

    def run(self, cost_name: str, start: tuple[float, float]) -> NeuronRun:
        """Return the run with this cost and start.

        Parameters
        ----------
        cost_name : str
            ``"quadratic"`` or ``"cross_entropy"``.
        start : tuple of float
            The starting weight and bias ``(w, b)``.

        Returns
        -------
        NeuronRun
            The run trained with that cost from that start.

        Raises
        ------
        KeyError
            If no run has this cost and start.

        Examples
        --------
        >>> res = nielsen_slowdown(epochs=2)
        >>> res.run("quadratic", (0.6, 0.9)).cost.shape
        (3,)
        """
        for r in self.runs:
            if r.cost_name == cost_name and r.start == tuple(float(v) for v in start):
                return r
        raise KeyError(f"NielsenSlowdown.run: no run with cost {cost_name!r} and start {start!r}")


def neuron_cost_and_grad(
    w: float, b: float, cost_name: str, x: float = 1.0, y: float = 0.0
) -> tuple[float, float, float]:
    r"""Cost of the single sigmoid neuron and its gradient w.r.t. ``w`` and ``b``.

    Parameters
    ----------
    w, b : float
        Weight and bias; the neuron outputs :math:`a = \sigma(wx + b)`.
    cost_name : {"quadratic", "cross_entropy"}
        :math:`\tfrac12(a-y)^2` or :math:`-[y\ln a + (1-y)\ln(1-a)]`.
    x : float, default 1.0
        The input.
    y : float, default 0.0
        The target, in :math:`[0, 1]`.

    Returns
    -------
    tuple of float
        ``(C, dC/dw, dC/db)``.

    Raises
    ------
    ValueError
        For an unknown cost, a non-finite argument or ``y`` outside ``[0, 1]``.

    Notes
    -----
    With :math:`z = wx + b`, the chain rule gives :math:`\partial C/\partial w =
    x\,\partial C/\partial z` and :math:`\partial C/\partial b = \partial C/\partial z`,
    and :math:`\partial C/\partial z` is the first component of the kernels' logit
    gradient at :math:`(z, 0)`. It equals :math:`(a-y)\sigma'(z)` for the quadratic
    cost and :math:`a - y` for cross-entropy: the :math:`\sigma'` factor that
    causes the slowdown cancels.

    Examples
    --------
    >>> c, dw, db = neuron_cost_and_grad(2.0, 2.0, "cross_entropy")
    >>> round(dw, 6) == round(db, 6)  # x = 1, so both equal a - y = sigma(4)
    True
    >>> round(db, 4)
    0.982
    """
    func = "neuron_cost_and_grad"
    w = finite_float(w, "w", func)
    b = finite_float(b, "b", func)
    x = finite_float(x, "x", func)
    y = finite_float(y, "y", func)
    if not 0.0 <= y <= 1.0:
        raise ValueError(f"{func}: y must lie in [0, 1], got {y!r}")
    if cost_name not in COSTS:
        raise ValueError(f"{func}: cost_name must be one of {COSTS}, got {cost_name!r}")
    cost, dcdt = _cost_and_dt(np.array([w * x + b]), y, cost_name)
    return float(cost[0]), float(x * dcdt[0]), float(dcdt[0])


def _cost_and_dt(t: np.ndarray, y: float, cost_name: str) -> tuple[np.ndarray, np.ndarray]:
    """Cost and dC/dz for pre-activations ``t`` (the unit's z) via the two-class embedding."""
    logits = np.stack([t, np.zeros_like(t)], axis=-1)
    target = np.broadcast_to(np.array([y, 1.0 - y]), logits.shape)
    if cost_name == "cross_entropy":
        return derivations.cross_entropy(logits, target), derivations.cross_entropy_grad(
            logits, target
        )[..., 0]
    half = 0.5  # quadratic cost = mse_on_softmax / 2 in the embedding (module docstring)
    return (
        half * derivations.mse_on_softmax(logits, target),
        half * derivations.mse_on_softmax_grad(logits, target)[..., 0],
    )


def train_neuron(
    w0: float,
    b0: float,
    cost_name: str,
    learning_rate: float = NIELSEN_LEARNING_RATE,
    epochs: int = NIELSEN_EPOCHS,
    x: float = 1.0,
    y: float = 0.0,
) -> NeuronRun:
    r"""Train the single sigmoid neuron by plain gradient descent.

    Parameters
    ----------
    w0, b0 : float
        Initial weight and bias.
    cost_name : {"quadratic", "cross_entropy"}
        The cost to descend.
    learning_rate : float, default 0.15
        Step size :math:`\eta > 0`.
    epochs : int, default 300
        Number of updates (one training example, so one update per epoch).
    x, y : float
        Input and target (Nielsen: 1 and 0).

    Returns
    -------
    NeuronRun
        Per-epoch cost, output, ``w`` and ``b``.

    Raises
    ------
    ValueError
        For a non-positive learning rate, negative epochs, or bad ``x``/``y``/cost.

    Examples
    --------
    >>> run = train_neuron(0.6, 0.9, "quadratic")
    >>> round(float(run.output[0]), 2)  # Nielsen: initial output 0.82
    0.82
    >>> run.output.shape
    (301,)
    """
    func = "train_neuron"
    w = finite_float(w0, "w0", func)
    b = finite_float(b0, "b0", func)
    eta = positive_float(learning_rate, "learning_rate", func)
    n = nonnegative_int(epochs, "epochs", func)
    x = finite_float(x, "x", func)
    y = finite_float(y, "y", func)
    if not 0.0 <= y <= 1.0:
        raise ValueError(f"{func}: y must lie in [0, 1], got {y!r}")
    if cost_name not in COSTS:
        raise ValueError(f"{func}: cost_name must be one of {COSTS}, got {cost_name!r}")
    ws = np.empty(n + 1)
    bs = np.empty(n + 1)
    costs = np.empty(n + 1)
    for e in range(n + 1):  # sequential by nature: each step needs the last
        c, dcdt = _cost_and_dt(np.array([w * x + b]), y, cost_name)
        ws[e], bs[e], costs[e] = w, b, c[0]
        # chain rule through z = w x + b (see neuron_cost_and_grad)
        w, b = w - eta * x * float(dcdt[0]), b - eta * float(dcdt[0])
    output = derivations.sigmoid(ws * x + bs)
    return NeuronRun(
        cost_name=cost_name,
        start=(float(w0), float(b0)),
        learning_rate=eta,
        epoch=np.arange(n + 1),
        cost=costs,
        output=np.asarray(output, dtype=np.float64),
        w=ws,
        b=bs,
    )


def nielsen_slowdown(
    learning_rate: float = NIELSEN_LEARNING_RATE,
    epochs: int = NIELSEN_EPOCHS,
    cross_entropy_learning_rate: float | None = None,
) -> NielsenSlowdown:
    """Run Nielsen's example: both costs from both starts.

    Parameters
    ----------
    learning_rate : float, default 0.15
        Step size for the quadratic cost (Nielsen's value), and for
        cross-entropy unless ``cross_entropy_learning_rate`` is given.
    epochs : int, default 300
        Number of gradient-descent epochs.
    cross_entropy_learning_rate : float, optional
        Step size for the cross-entropy runs. Nielsen's cross-entropy demos
        used ``0.005`` (:data:`NIELSEN_CROSS_ENTROPY_LEARNING_RATE`); he notes
        that "the same" learning rate is not well defined across costs.

    Returns
    -------
    NielsenSlowdown
        Four :class:`NeuronRun` objects; look one up with ``.run(cost, start)``.

    Raises
    ------
    ValueError
        For a non-positive learning rate or negative epochs.

    Examples
    --------
    >>> res = nielsen_slowdown()
    >>> quad = res.run("quadratic", (2.0, 2.0))
    >>> ce = res.run("cross_entropy", (2.0, 2.0))
    >>> bool(ce.cost[10] < 0.5 * ce.cost[0] and quad.cost[10] > 0.99 * quad.cost[0])
    True
    """
    func = "nielsen_slowdown"
    eta = positive_float(learning_rate, "learning_rate", func)
    eta_ce = (
        eta
        if cross_entropy_learning_rate is None
        else positive_float(cross_entropy_learning_rate, "cross_entropy_learning_rate", func)
    )
    n = nonnegative_int(epochs, "epochs", func)
    runs = tuple(
        train_neuron(w0, b0, cost, learning_rate=eta if cost == "quadratic" else eta_ce, epochs=n)
        for cost in COSTS
        for (w0, b0) in NIELSEN_STARTS
    )
    return NielsenSlowdown(runs=runs)


def epochs_until_cost_drop(cost: np.ndarray, drop: float = 0.1) -> int | None:
    """First epoch at which the cost has fallen by ``drop`` of its initial value.

    This is the measure of a plateau used on the site: the smallest ``e`` with
    ``cost[e] <= (1 - drop) * cost[0]``.

    Parameters
    ----------
    cost : array_like, shape (epochs + 1,)
        A cost history, ``cost[0]`` at the start.
    drop : float, default 0.1
        Fraction of the initial cost, strictly between 0 and 1.

    Returns
    -------
    int or None
        The epoch, or ``None`` if the cost never fell that far.

    Raises
    ------
    ValueError
        If ``cost`` is not a non-empty finite 1-D array or ``drop`` is not in (0, 1).

    Examples
    --------
    >>> epochs_until_cost_drop([1.0, 0.95, 0.92, 0.85, 0.5])
    3
    >>> epochs_until_cost_drop([1.0, 0.99]) is None
    True
    """
    func = "epochs_until_cost_drop"
    c = float_array(cost, "cost", func, ndim=1)
    frac = fraction(drop, "drop", func)
    hit = np.flatnonzero(c <= (1.0 - frac) * c[0])
    return int(hit[0]) if hit.size else None


def steepest_descent_epoch(cost: np.ndarray) -> int:
    """Epoch ``e`` at which the single-epoch decrease ``cost[e-1] - cost[e]`` is largest.

    Parameters
    ----------
    cost : array_like, shape (epochs + 1,)
        A cost history with at least two entries.

    Returns
    -------
    int
        The epoch (between 1 and ``len(cost) - 1``); the first one on ties.

    Raises
    ------
    ValueError
        If ``cost`` is not a finite 1-D array with at least two entries.

    Examples
    --------
    >>> steepest_descent_epoch([1.0, 0.99, 0.9, 0.3, 0.2])
    3
    """
    func = "steepest_descent_epoch"
    c = float_array(cost, "cost", func, ndim=1)
    if c.size < 2:
        raise ValueError(f"{func}: cost needs at least two entries, got {c.size}")
    return int(np.argmax(c[:-1] - c[1:])) + 1
