"""Hearth: private, offline AI chat on llama.cpp."""

__version__ = "0.1.0"
