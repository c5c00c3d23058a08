"""The package version, shared by both twins."""

__all__ = ["__version__"]

__version__ = "3.0.0.dev0"
