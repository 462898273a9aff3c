"""The local, read-only web app over a stored story (`storyline serve`)."""
