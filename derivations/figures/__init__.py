"""Figure functions: one per figure, each drawing on a matplotlib ``Axes`` it is given.

Every curve is evaluated from a derived SymPy expression (through ``lambdify``) or computed by the
package's NumPy kernels, so the plot *is* the derivation. Sizes and fonts come from the site's
matplotlib style (``docs/_kernel/matplotlibrc``); functions never set titles or figure sizes.
"""
