"""The language server for world files (`io-game lsp`): see game/lsp/server.py and docs/editors.md."""
