"""Small pieces every layer uses: terminal-safe text, digests, paths, ids, atomic writes."""
