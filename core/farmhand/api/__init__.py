"""Signed client for the Renderbus / Fox Renderfarm API (and Farmhand's own local farm)."""
