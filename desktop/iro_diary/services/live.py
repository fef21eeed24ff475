"""Live refresh (issue #10): what other windows and PCs changed, as `Changes` for the views to refresh themselves.

The UI calls `listen()` again and again on a thread of its own. Each call waits (at most `timeout` seconds) for
other apps' commits, and also checks the database is still there and still at this app's schema, so the same
loop notices a server that went away (ConnectionLost: the window goes offline) or a newer version's upgrade
(DatabaseNotUsable: the window says to update). After a reconnection everything is reloaded, because whatever was
committed meanwhile was not heard.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

from iro_diary.domain.errors import ConnectionLost, DatabaseNotUsable
from iro_diary.services.access import open_to_everyone
from iro_diary.services.changes import Changes
from iro_diary.services.context import ServiceContext
from iro_diary.services.users import UsersService
from iro_diary.store.change_feed import ChangeFeed, Heard
from iro_diary.store.database import newer_schema_message
from iro_diary.store.repositories.change_log import ChangeLogRepository

log = logging.getLogger(__name__)

ID_KINDS = ("meetings", "children", "iros", "rooms", "invites", "users", "concerns", "good_practice", "audits")


def changes_heard(heard: Iterable[Heard]) -> Changes:
    """What other apps changed, in the terms the views understand."""
    found = list(heard)
    if any(h.everything for h in found):
        return Changes.all()
    ids: defaultdict[str, set[int]] = defaultdict(set)
    settings: set[str] = set()
    calendar = quality_lists = False
    for kind, key in (pair for h in found for pair in h.pairs):
        if kind in ID_KINDS and key.isdigit():
            ids[kind].add(int(key))
        elif kind == "settings":
            settings.add(key)
        elif kind == "calendar":
            calendar = True
        elif kind == "quality_lists":
            quality_lists = True
    return Changes(
        meetings=frozenset(ids["meetings"]),
        children=frozenset(ids["children"]),
        iros=frozenset(ids["iros"]),
        rooms=frozenset(ids["rooms"]),
        settings=frozenset(settings),
        invites=frozenset(ids["invites"]),
        users=frozenset(ids["users"]),
        concerns=frozenset(ids["concerns"]),
        good_practice=frozenset(ids["good_practice"]),
        audits=frozenset(ids["audits"]),
        quality_lists=quality_lists,
        calendar=calendar,
    )


class LiveService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx
        self._feed: ChangeFeed | None = None  # made by the first listen(): the command line never needs one
        self._heard_before = False
        self._closed = False

    @open_to_everyone
    def listen(self, timeout: float) -> Changes:
        """What other apps changed, as soon as they commit; nothing after `timeout` seconds or a `wake()`.
        Raises ConnectionLost while the server cannot be reached, DatabaseNotUsable once it is at a newer schema."""
        if self._closed:
            raise ConnectionLost("The diary has been closed.")
        if self._feed is None:
            self._feed = ChangeFeed(self._ctx.db)
        reconnected = not self._feed.connected and self._heard_before
        db = self._ctx.db
        try:
            changes = changes_heard(self._feed.wait(timeout))
            self._heard_before = True
            self._check_schema()
        except BaseException:
            db.note_outside_change(watched=False)  # what happens meanwhile is not heard
            raise
        if reconnected:
            log.info("change listener reconnected: reloading everything")
            changes = Changes.all()
        if changes or db.watched != self._feed.connected:
            db.note_outside_change(watched=self._feed.connected)
        self._follow(changes)
        return changes

    @property
    def listening(self) -> bool:
        """Whether other apps' changes are being heard now (the listener is connected)."""
        return self._feed is not None and self._feed.connected

    def wake(self) -> None:
        """Make a `listen()` in progress on another thread return now."""
        if self._feed is not None:
            self._feed.wake()

    def close(self) -> None:
        self._closed = True
        if self._feed is not None:
            self._feed.close()
            self._feed = None

    def prune(self) -> None:
        """Keep the SQLite change log short (at start; nothing else needs its old rows)."""
        if self._ctx.db.is_sqlite:
            with self._ctx.db.write() as session:
                ChangeLogRepository(session).prune()

    def _check_schema(self) -> None:
        expected = self._ctx.db.expected_revision
        if expected is None:
            return
        with self._ctx.db.read() as session:
            found = ChangeLogRepository(session).schema_revision()
        if found != expected:
            raise DatabaseNotUsable(newer_schema_message(self._ctx.db.description, found))

    def _follow(self, changes: Changes) -> None:
        """Keep this app's own state in step: the rules cache, and the signed-in person's roles."""
        if changes.everything or changes.calendar or any(k.startswith("rules.") for k in changes.settings):
            self._ctx.forget_rules()
        person = self._ctx.person
        if person is not None and (changes.everything or changes.users):
            UsersService(self._ctx).sign_in(person.login, person.name)
