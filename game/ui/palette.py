"""Command palette entries for the game (imported when the palette first opens)."""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider


class GameCommands(Provider):
    """Command palette entries for the game: save, load, journal, undo, replay, settings, theme."""

    def _commands(self) -> list[tuple[str, str, str]]:
        return [
            ("Save", "Save this run in a named slot", "save"),
            ("Load", "Load a saved run", "load"),
            ("Journal", "Read the run so far", "journal"),
            ("Undo", "Take back the last choice", "undo"),
            ("Replay", "Replay this run step by step", "replay"),
            ("Settings", "Reveal of narration, theme", "settings"),
            ("Theme", "Change the colour theme", "change_theme"),
            ("Help", "Keys and how to play", "help"),
        ]

    async def discover(self) -> Hits:
        from game.ui.app import IOApp

        app = self.app
        assert isinstance(app, IOApp)
        for name, help_text, action in self._commands():
            yield DiscoveryHit(name, app.runner(action), help=help_text)

    async def search(self, query: str) -> Hits:
        from game.ui.app import IOApp

        app = self.app
        assert isinstance(app, IOApp)
        matcher = self.matcher(query)
        for name, help_text, action in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), app.runner(action), help=help_text)
