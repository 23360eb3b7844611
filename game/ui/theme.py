"""Our own theme, in the film's palette: rust-orange sky, dust, pale sky blue."""

from __future__ import annotations

from textual.theme import Theme

IO_THEME = Theme(
    name="io-dust",
    primary="#D2691E",  # rust orange, the sky over the station
    secondary="#A9C6D6",  # pale sky, what is left of blue
    accent="#E3A857",  # sunlit dust
    foreground="#E8DCCB",  # dust
    background="#1F1712",  # the dark under the haze
    surface="#2A1F18",
    panel="#3A2A1F",
    warning="#E3A857",
    error="#C8553D",
    success="#9DB17C",
    dark=True,
    variables={
        "footer-key-foreground": "#E3A857",
        "block-cursor-background": "#D2691E",
        "block-cursor-foreground": "#1F1712",
    },
)

DEFAULT_THEME = IO_THEME.name
