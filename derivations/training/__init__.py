"""Training simulations: Nielsen's slowdown, logit trajectories, the digits experiment."""
