"""Tools for authors: exploration of a world's states, lint, playtests, graphs, the editor schema."""
