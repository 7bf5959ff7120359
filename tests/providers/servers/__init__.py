"""Loopback stand-ins for the remote services Farmhand talks to (Rentaflop, its S3 bucket, SRP).

Each follows the published behaviour (services.md §1-§2) including the refusals a
lenient fake would skip; see each module's docstring for what it enforces.
"""
