from .catalogue import register  # noqa: F401
