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

# For players who need more contrast: white on black, yellow highlights, no muted greys.
HIGH_CONTRAST_THEME = Theme(
    name="io-high-contrast",
    primary="#FFD700",
    secondary="#00FFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    warning="#FFFF00",
    error="#FF6060",
    success="#00FF00",
    dark=True,
    variables={
        "footer-key-foreground": "#FFFF00",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "text-muted": "#E0E0E0",
        "foreground-muted": "#E0E0E0",
    },
)

THEMES = (IO_THEME, HIGH_CONTRAST_THEME)
DEFAULT_THEME = IO_THEME.name
