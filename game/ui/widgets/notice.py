"""A line for the app's confirmations and warnings, placed by each screen where it hides nothing.

Toasts float over whatever is beneath them (on the game screen: the choices, or the --dev error
panel). A screen with a Notice gets the app's messages there instead; see IOApp.say.
"""

from __future__ import annotations

from textual.content import Content
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.widgets import Static

SECONDS = 6.0  # how long a notice stays (the next one replaces it at once)
STYLES: dict[str, str] = {"information": "$text-success", "warning": "$text-warning", "error": "bold $text-error"}


class Notice(Static):
    DEFAULT_CSS = "Notice { height: auto; display: none; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._timer: Timer | None = None
        self.message = Content("")  # what it shows now (tests read it)
        self.severity: SeverityLevel = "information"

    def show(self, message: Content, severity: SeverityLevel = "information") -> None:
        if self._timer is not None:
            self._timer.stop()
        self.message, self.severity = message, severity
        self.update(message.stylize_before(STYLES[severity]))
        self.display = True
        # Errors stay until the next notice: they say what to do, and reading that takes time.
        self._timer = None if severity == "error" else self.set_timer(SECONDS, self.clear)

    def clear(self) -> None:
        self._timer = None
        self.message = Content("")
        self.update("")
        self.display = False
