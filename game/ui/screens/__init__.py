"""The game's screens; each is imported when first shown, to keep start-up quick."""
