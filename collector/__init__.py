"""Coletor de Diagnóstico RM."""

__version__ = "0.1.0"
