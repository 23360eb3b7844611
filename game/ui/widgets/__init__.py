"""Widgets of the game screen: the narration pane and the status panel."""
