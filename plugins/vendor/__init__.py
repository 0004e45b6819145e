from .vendor import register  # noqa: F401
