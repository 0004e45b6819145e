from .offline import generated_urls, register  # noqa: F401
