from .search import generated_urls, register  # noqa: F401
