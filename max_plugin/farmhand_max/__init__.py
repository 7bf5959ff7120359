"""Farmhand for 3ds Max: read the open scene through pymxs and open the shared submitter."""
