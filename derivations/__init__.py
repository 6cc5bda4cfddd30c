"""Why Softmax."""
