"""Farmhand's local farm: a render service that speaks the Renderbus protocol.

Users try Farmhand against it without an account, and every client test runs
against it on loopback.  The app is assembled in :mod:`farmhand_farm.app`;
``python -m farmhand_farm serve`` runs it.
"""

__version__ = "0.1.0"
