"""The timescale facts of a few children — one booking's — in one prepared query.

`TimescaleFactRepository.children` reads the facts of thousands of children table by table (eight queries, each
of them worth it at that size). A booking wants those of one to a handful of children, inside its write
transaction: there the eight round trips and statement builds were most of the statutory window's cost. This
reads the same facts as one UNION ALL of the same tables, each part's values put in typed slots, and gives the
same `ChildFacts` (tests/unit/test_booking_reads.py holds the two to each other on the demo service).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    BindParameter,
    Boolean,
    Date,
    Integer,
    Select,
    String,
    bindparam,
    cast,
    literal_column,
    null,
    select,
    union_all,
)

from iro_diary.domain.codes import MeetingStatus
from iro_diary.domain.facts import ChildFacts, Discussion, EarlyReview, MeetingFact, Period, Referral
from iro_diary.store.base import UtcDateTime
from iro_diary.store.models import (
    CareEpisode,
    Child,
    EarlyReviewRequest,
    ExploitationConcern,
    Meeting,
    MeetingChild,
    ProtectionPlan,
    StrategyDiscussion,
    TransferNotification,
    strategy_discussion_child,
    transfer_notification_child,
)
from iro_diary.store.repositories.raw_rows import ID_BATCH, MEETING_KINDS, MEETING_STATUSES, local_day
from iro_diary.store.repositories.timescale_facts import FACT_LISTS, child_facts

# Every part's values go in these typed slots (PostgreSQL needs one type per column of a UNION); the first part
# (the children themselves) gives the result its types, so SQLite's text dates come back as dates too.
SLOTS: dict[str, Any] = {
    "n1": Integer,
    "n2": Integer,
    "s1": String,
    "s2": String,
    "s3": String,
    "d1": Date,
    "d2": Date,
    "b1": Boolean,
    "b2": Boolean,
    "at": UtcDateTime,
}
_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
BATCH = ID_BATCH // 8  # each of the eight parts repeats the ids


def _part(tag: str, child_id: Any, **values: Any) -> Select[Any]:
    columns = [literal_column(f"'{tag}'", String).label("part"), child_id.label("child_id")]
    columns += [values.get(slot, cast(null(), kind)).label(slot) for slot, kind in SLOTS.items()]
    return select(*columns).where(child_id.in_(_IDS))


def _statement() -> Any:
    """Each part is tagged with the `ChildFacts` list its rows go to ("child" for the children themselves)."""
    children = _part(
        "child",
        Child.id,
        n1=Child.family_id,
        n2=Child.allocated_iro_id,
        s1=Child.case_ref,
        d1=Child.date_of_birth,
        d2=Child.expected_delivery,
    )
    episodes = _part(
        "episodes",
        CareEpisode.child_id,
        d1=CareEpisode.start_date,
        d2=CareEpisode.end_date,
        s1=CareEpisode.legal_status,
    )
    plans = _part(
        "plans",
        ProtectionPlan.child_id,
        d1=ProtectionPlan.start_date,
        d2=ProtectionPlan.end_date,
        s1=ProtectionPlan.category,
    )
    discussions = _part(
        "discussions",
        strategy_discussion_child.c.child_id,
        d1=StrategyDiscussion.held_on,
        b1=StrategyDiscussion.s47_initiated,
        b2=StrategyDiscussion.conference_not_required,
    ).join(StrategyDiscussion, StrategyDiscussion.id == strategy_discussion_child.c.strategy_discussion_id)
    transfers = _part("transfers", transfer_notification_child.c.child_id, d1=TransferNotification.received_on).join(
        TransferNotification, TransferNotification.id == transfer_notification_child.c.transfer_notification_id
    )
    referrals = _part(
        "referrals",
        ExploitationConcern.child_id,
        n1=ExploitationConcern.id,
        d1=ExploitationConcern.referred_on,
        b1=ExploitationConcern.urgent,
        d2=ExploitationConcern.closed_on,
    )
    early_reviews = _part(
        "early_reviews",
        EarlyReviewRequest.child_id,
        s1=EarlyReviewRequest.meeting_kind,
        d1=EarlyReviewRequest.requested_on,
        d2=EarlyReviewRequest.due_on,
        s2=EarlyReviewRequest.reason,
    ).where(EarlyReviewRequest.withdrawn.is_(False))
    meetings = (
        _part(
            "meetings",
            MeetingChild.child_id,
            n1=Meeting.id,
            s1=Meeting.ref,
            s2=Meeting.kind,
            s3=Meeting.status,
            at=Meeting.start_at,
        )
        .join(Meeting, Meeting.id == MeetingChild.meeting_id)
        .where(Meeting.status != MeetingStatus.CANCELLED)
    )
    # The children's part first: it gives the result its column types.
    return union_all(children, episodes, plans, discussions, transfers, referrals, early_reviews, meetings)


FACTS_OF_CHILDREN = _statement()


def few_children_facts(connection: Any, child_ids: Iterable[int]) -> list[ChildFacts]:
    """The facts of these children (those that exist), as `TimescaleFactRepository.children` gives them. Reads
    through the connection, as that does: flush first if the session holds changes."""
    ids = sorted(set(child_ids))
    rows: list[Any] = []
    for start in range(0, len(ids), BATCH):
        rows += connection.execute(FACTS_OF_CHILDREN, {"ids": ids[start : start + BATCH]}).all()
    return _facts(rows)


def _facts(rows: Iterable[Any]) -> list[ChildFacts]:
    found: dict[str, defaultdict[int, list[Any]]] = {name: defaultdict(list) for name in FACT_LISTS}
    children = []
    for part, child_id, n1, n2, s1, s2, s3, d1, d2, b1, b2, at in rows:
        if part == "child":
            children.append((child_id, s1, n1, n2, d1, d2))
        elif part in ("episodes", "plans"):
            found[part][child_id].append(Period(d1, d2, s1))
        elif part == "discussions":
            found[part][child_id].append(Discussion(d1, bool(b1), bool(b2)))
        elif part == "transfers":
            found[part][child_id].append(d1)
        elif part == "referrals":
            found[part][child_id].append(Referral(n1, d1, bool(b1), d2))
        elif part == "early_reviews":
            found[part][child_id].append(EarlyReview(MEETING_KINDS[s1], d1, d2, s2))
        else:
            found[part][child_id].append(MeetingFact(n1, s1, MEETING_KINDS[s2], MEETING_STATUSES[s3], local_day(at)))
    return [child_facts(row, found) for row in children]
