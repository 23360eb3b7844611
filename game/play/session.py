"""A play session: one player's run in progress on one world, whatever front end shows it.

The Textual app and plain play both drive a Session: new game, continue, load, choose, undo,
fork, save, hot reload, the journal and the played clock. The session owns the autosave policy
(game.saves.store: a run in progress is never overwritten by another) and tells its front end what
to say to the player through `notify`, as Notices: plain text, the front end chooses the style.

Undo is saved when the player leaves or chooses again, as the player expects (Continue then opens
where they undid to); the longer run they undid is kept among the unfinished ones, once (see
Session.autosave for the whole policy).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Literal

from msgspec import Struct

from game.engine.replay import ReplayDivergence, journal, replay, replay_exactly
from game.engine.rules import ChoiceUnavailable
from game.engine.run import MAX_STEPS, SEED_LIMIT, Run
from game.engine.story import Story
from game.saves import SaveError, SaveInfo, SaveStore, StepLog, autosave_slot, resume
from game.world.expr import Value
from game.world.model import Choice, World

Level = Literal["information", "warning", "error"]


class Notice(Struct, frozen=True):
    """Something to tell the player. `detail` is text from outside (a file, a world): show it as is."""

    text: str
    detail: str = ""
    level: Level = "information"

    def __str__(self) -> str:
        return self.text + self.detail


class _Written(Struct, frozen=True):
    """What the session last wrote to the autosave slot: the story's first `count` steps."""

    story: Story
    count: int
    identity: tuple[int, int] | None  # the file's, once written: another writer changes it

    def continued_by(self, story: Story) -> bool:
        """Whether story carries on the run written. A Story's steps only grow, so the same Story
        with at least as many steps does, at no cost that grows with the run."""
        if story is self.story:
            return len(story.steps) >= self.count
        return story.run.continues(self.story.run.truncated(self.count))


def _identity(path: Path) -> tuple[int, int] | None:
    """(inode, mtime): every atomic write makes a new file, so another writer's shows here."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns


class Session:
    """A run in progress (or none yet) on a world, with its saves."""

    def __init__(
        self,
        world: World,
        store: SaveStore,
        *,
        seed: int,
        start: str | None = None,
        overrides: Iterable[tuple[str, Value]] = (),
        notify: Callable[[Notice], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.world = world
        self.store = store
        self.seed = seed
        self.start = start
        self.overrides = tuple(overrides)
        self.story: Story | None = None
        self._notify = notify
        self._clock = clock
        self._games = 0
        self._played_before = 0.0  # time played in this run before it was loaded
        self._started = clock()
        self._autosaved: _Written | None = None  # what this session last wrote to the autosave slot
        self._created: datetime | None = None  # when the run in the autosave slot was first saved
        self._loaded: Run | None = None  # the run as loaded or forked: saved again only once it grows
        self._log: StepLog | None = None  # the story's steps as encoded for its last autosave

    def say(self, text: str, detail: str = "", level: Level = "information") -> None:
        if self._notify is not None:
            self._notify(Notice(text, detail, level))

    # --- reading ----------------------------------------------------------------------------

    def played_seconds(self) -> float:
        """Time played in this run, across the sessions it was saved and loaded in."""
        return self._played_before + (self._clock() - self._started)

    def continue_info(self) -> SaveInfo | None:
        """The save Continue opens: the newest readable save of this world."""
        return self.store.latest(self.world)

    def journal(self) -> list[tuple[str, str, str | None]]:
        """The run so far as (scene title, narration, choice text or None), by replaying it."""
        return journal(self.world, self.story.run) if self.story is not None else []

    # --- starting a run ---------------------------------------------------------------------

    def _set_story(self, story: Story, played_before: float) -> None:
        self.story = story
        self._played_before = played_before
        self._started = self._clock()

    def new_game(self) -> bool:
        """Start a new run. The first uses the session's seed (`--seed` and tests rely on it); each
        later one the next seed. Nothing is saved until the first choice."""
        seed = self.seed if not self._games else (self.seed + self._games) % SEED_LIMIT  # a bad --seed is refused
        try:
            story = Story(self.world, seed, start=self.start, overrides=self.overrides)
        except ValueError as exc:
            self.say("Cannot start: ", str(exc), "error")
            return False
        self._games += 1
        self._set_story(story, 0.0)
        return True

    def continue_game(self) -> bool:
        info = self.continue_info()
        if info is None:
            self.say("No saved run of this world to continue yet.", level="warning")
            return False
        return self.load(info.slot)

    def load(self, slot: str) -> bool:
        """Resume a save of this world. A broken or foreign save is refused with a notice."""
        try:
            save = self.store.read(slot, self.world)
            story, divergence = resume(self.world, save)
        except SaveError as exc:
            self.say("This save cannot be loaded: ", str(exc), "error")
            return False
        self._set_story(story, save.info.played_seconds)
        self._loaded = story.run
        if divergence is not None:
            self.say(
                f"The world has changed since this save; resumed before step {divergence.index}: ",
                divergence.reason,
                "warning",
            )
        return True

    def fork(self, story: Story) -> None:
        """Play on from a story made elsewhere (a replay's step): a new run, saved at its first choice."""
        self._set_story(story, 0.0)
        self._loaded = story.run

    # --- playing ----------------------------------------------------------------------------

    def choose(self, choice_id: str) -> Choice:
        """Take a choice offered now; autosave; remember an ending. Raises ChoiceUnavailable."""
        story = self._need_story()
        if len(story.steps) >= MAX_STEPS:
            raise ChoiceUnavailable(f"this run has reached {MAX_STEPS:,} choices, the most a run may have")
        choice = story.choose(choice_id)
        saved = self.autosave()
        if story.is_over:
            try:
                self.store.record_ending(self.world, story.scene_id)
            except SaveError as exc:
                if saved is not None:  # else the autosave's failure has said it already
                    self.say("Could not remember this ending: ", str(exc), "warning")
        return choice

    def undo(self) -> bool:
        """Take back the last choice: a replay of the run without it (see the module's note)."""
        story = self._need_story()
        if not story.steps:
            self.say("Nothing to undo: this is the start of the run.")
            return False
        self._set_story(replay_exactly(self.world, story.run.truncated(len(story.steps) - 1)), self.played_seconds())
        return True

    def autosave(self) -> SaveInfo | None:
        """Save the run to its world's autosave slot (each world has its own); a failure is told,
        never raised.

        The policy that never loses a run:
        - nothing is written for a run with no choice yet, or exactly as it was loaded or forked
          (leaving the game then changes nothing on disk);
        - an unfinished run in the slot that this one does not continue (a new game, leaving or
          choosing after an undo, a loaded save played on, a fork, plain play started beside the
          UI) is first kept in a slot of its own, unless a kept run already holds it (so undoing
          step by step keeps the longest run once, not every length of it); the player is told;
        - a slot this version cannot read (a newer format, a broken file) is kept as it is.
        The session remembers what it wrote last and keeps the steps it encoded (a StepLog), so a
        run that only grows is written without reading the slot again or encoding its old steps:
        the cost of an autosave does not grow with the run.
        """
        story = self.story
        if story is None or not story.steps:
            return None
        loaded = self._loaded
        if loaded is not None and len(story.steps) == len(loaded.steps) and story.run == loaded:
            return None
        slot = autosave_slot(self.world.id)
        path = self.store.path_for(slot)
        if self._log is None or self._log.story is not story:
            self._log = StepLog(story)
        try:
            last = self._autosaved
            if last is None or not last.continued_by(story) or _identity(path) != last.identity:
                self._created = self._make_room(slot, story.run)
            info = self.store.write(slot, story, self.played_seconds(), created=self._created, log=self._log)
            self._created = info.created
        except SaveError as exc:
            self.say("Autosave failed: ", str(exc), "warning")
            return None
        self._autosaved = _Written(story, len(story.steps), _identity(path))
        return info

    def _make_room(self, slot: str, run: Run) -> datetime | None:
        """Read the autosave slot once and keep what writing `run` there would lose. Returns when the
        slot's run was first saved if `run` continues it (None: a new run)."""
        if not self.store.exists(slot):
            return None
        try:
            old = self.store.read(slot)
        except SaveError:
            kept = self.store.keep_unreadable(slot, self.world.id)
            self.say("An autosave this version cannot read is kept as it was: ", kept, "warning")
            return None
        if run.continues(old.run):
            return old.info.created
        if old.info.ending is None and old.run.steps and not self._already_kept(old.run):
            kept = self.store.keep(old)
            self.say("Your other unfinished run is kept: load ", kept, "information")
        return None

    def _already_kept(self, run: Run) -> bool:
        for info in self.store.unfinished(run.world_id):
            try:
                if self.store.read(info.slot).run.continues(run):
                    return True
            except SaveError:
                continue
        return False

    def save(self, slot: str) -> SaveInfo:
        """Save the run to a named slot. Raises SaveError (the old save is then kept)."""
        return self.store.write(slot, self._need_story(), self.played_seconds())

    def _need_story(self) -> Story:
        if self.story is None:
            raise RuntimeError("no run in progress: start or load one first")
        return self.story

    # --- hot reload (--dev) -----------------------------------------------------------------

    def reload(self, world: World) -> ReplayDivergence | None:
        """Play the run on a new version of the world. Raises ValueError (nothing changed) when the
        run cannot even start there (its --from scene or a --set variable is gone)."""
        if self.story is None:
            self.world = world
            return None
        story, divergence = replay(world, self.story.run)
        self.world = world
        self._set_story(story, self.played_seconds())
        return divergence
