"""Playing a run: the front-end-independent session, and plain-text play."""
