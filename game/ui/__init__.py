"""The Textual terminal game (also served in a browser by `io-game serve`)."""
