def add(a, b):
    """Returns the sum of two numbers."""
    return a + b


def double(x):
    return add(x, x)
