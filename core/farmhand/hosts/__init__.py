"""Host-specific views of a :class:`~farmhand.model.SceneDescription` that older APIs expect."""
