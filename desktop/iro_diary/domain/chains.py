"""The statutory chains: from what happened, every step a child's (or household's) timescales require.

Each chain is walked in date order. A held meeting answers the step that was open and anchors the next one; the
last step of a live chain is open (the current requirement); an ended episode, plan or concern stops its chain; a
new episode starts a new "first" (DOMAIN.md). The answered steps are the compliance record: the due date each
held meeting answered and whether it was on time.

Which rules apply, and how far each due date lies from its anchor, come from the rule book (the rules file).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from iro_diary.domain.codes import MeetingKind, MeetingStatus
from iro_diary.domain.facts import ChildFacts, Discussion, EarlyReview, HouseholdFacts, MeetingFact, Period, Referral
from iro_diary.domain.timescales import RuleBook

INITIAL_CONFERENCES = (MeetingKind.ICPC, MeetingKind.PRE_BIRTH, MeetingKind.TRANSFER_IN)
CSE_MEETINGS = (MeetingKind.CSE_STRATEGY, MeetingKind.CSE_REVIEW)
CARE_RULES = ("cla-first", "cla-second", "cla")
SHORT_BREAK_RULES = ("short-break-first", "short-break", "short-break")
EARLY_RULES = {MeetingKind.CLA_REVIEW: "cla-early", MeetingKind.RCPC: "rcpc-early"}


@dataclass(frozen=True, slots=True)
class Step:
    """One requirement of a chain: a meeting of `meeting_kind` due by `due`, counted from `anchor`.

    `held` is the meeting that answered it (None while it is open); `booked` is the first meeting in the diary
    for an open step. `chain` and `subject` say whose chain it is: ("cla", "cp" or "cse", child id) or
    ("foster", household id).
    """

    chain: str
    subject: int
    rule: str
    meeting_kind: MeetingKind
    anchor_label: str
    anchor: dt.date
    due: dt.date
    held: MeetingFact | None = None
    booked: MeetingFact | None = None
    note: str = ""

    @property
    def is_open(self) -> bool:
        return self.held is None


class Chains:
    """Walks the chains of children and households with one rule book, as of `today`.

    With `history=False` only the open steps are built (the due list); the answered steps are still walked to
    find each open step's anchor, but their due dates are not worked out. With a `window` (first, last day) only
    the answered steps of meetings held within it are built (compliance for a reporting period).
    """

    def __init__(
        self,
        book: RuleBook,
        today: dt.date,
        *,
        history: bool = True,
        window: tuple[dt.date, dt.date] | None = None,
    ) -> None:
        self.book = book
        self.today = today
        self.history = history
        self.window = window

    def _answered(self, held: MeetingFact) -> bool:
        """Whether to build the step a held meeting answered (all of them, or those held within the window)."""
        if not self.history:
            return False
        return self.window is None or self.window[0] <= held.day <= self.window[1]

    # -- children ---------------------------------------------------------------------------------------------

    def child_steps(self, child: ChildFacts) -> list[Step]:
        """Every step of every chain of this child (looked-after, child protection, exploitation)."""
        steps: list[Step] = []
        reviews = child.meetings_of(MeetingKind.CLA_REVIEW) if child.episodes else []
        for episode in sorted(child.episodes, key=lambda e: e.start):
            steps += self._care_steps(child, episode, reviews)
        if child.plans or child.discussions or child.transfers:
            steps += self._protection_steps(child)
        if child.referrals:
            cse_meetings = child.meetings_of(*CSE_MEETINGS)
            for referral in sorted(child.referrals, key=lambda r: r.referred_on):
                steps += self._exploitation_steps(child, referral, cse_meetings)
        return steps

    def _care_steps(self, child: ChildFacts, episode: Period, reviews: Sequence[MeetingFact]) -> list[Step]:
        # CPPCR 2010 reg 33 (reg 48 for short breaks): first, second, then six-monthly; each episode starts anew.
        rules = SHORT_BREAK_RULES if episode.short_break else CARE_RULES
        inside = [m for m in reviews if episode.start <= m.day and (episode.end is None or m.day <= episode.end)]
        return self._walk(
            _Chain("cla", child.child_id, MeetingKind.CLA_REVIEW, rules, child.early_reviews),
            anchor=episode.start,
            anchor_label="short breaks began" if episode.short_break else "became looked after",
            later_label="previous review",
            meetings=inside,
            live=episode.open_on(self.today) or episode.start > self.today,
        )

    def _protection_steps(self, child: ChildFacts) -> list[Step]:
        conferences = child.meetings_of(*INITIAL_CONFERENCES, MeetingKind.RCPC)
        steps = self._initial_conference_steps(child, conferences)
        for plan in sorted(child.plans, key=lambda p: p.start):
            steps += self._review_conference_steps(child, plan, conferences)
        return steps

    def _review_conference_steps(
        self, child: ChildFacts, plan: Period, conferences: Sequence[MeetingFact]
    ) -> list[Step]:
        # Working Together 2023 ch.4: first review within 3 months of the initial conference, then 6-monthly.
        reviews = [
            m
            for m in conferences
            if m.kind is MeetingKind.RCPC and plan.start < m.day and (plan.end is None or m.day <= plan.end)
        ]
        chain = _Chain("cp", child.child_id, MeetingKind.RCPC, ("rcpc-first", "rcpc", "rcpc"), child.early_reviews)
        born = child.date_of_birth
        if child.unborn_on(plan.start) and born is not None:
            chain = chain.with_birth(born)
        return self._walk(
            chain,
            anchor=plan.start,
            anchor_label="initial conference",
            later_label="previous conference",
            meetings=reviews,
            live=plan.open_on(self.today),
        )

    def _initial_conference_steps(self, child: ChildFacts, conferences: Sequence[MeetingFact]) -> list[Step]:
        """Strategy discussions and transfers each wait for an initial conference (or a plan starting)."""
        steps: list[Step] = []
        waiting: list[_Trigger] = []
        answers = _conference_answers(child, conferences)
        for trigger in _triggers(child):
            while answers and answers[0][0] < trigger.day:
                steps += self._answer(child, waiting, answers.pop(0))
                waiting = []
            if trigger.concluded:
                waiting = []
            elif trigger.starts_enquiry or waiting:
                waiting.append(trigger)
        while answers and waiting:
            steps += self._answer(child, waiting, answers.pop(0))
            waiting = []
        on_plan = any(plan.open_on(self.today) for plan in child.plans)
        if waiting and not on_plan:
            step = self._initial_step(child, waiting, held=None)
            # A pre-birth conference is counted back from the expected birth: one booked after the discussion
            # that called for it answers it, not only one after the birth.
            since = step.anchor if step.anchor <= step.due else min(t.day for t in waiting)
            booked = next(
                (m for m in conferences if m.pending and m.kind in INITIAL_CONFERENCES and m.day >= since), None
            )
            steps.append(_replace_booked(step, booked))
        return steps

    def _answer(
        self, child: ChildFacts, waiting: list[_Trigger], answer: tuple[dt.date, MeetingFact | None]
    ) -> list[Step]:
        _day, meeting = answer
        if not waiting or meeting is None or not self._answered(meeting):
            return []  # a plan that started with no conference on record answers silently
        return [self._initial_step(child, waiting, held=meeting)]

    def _initial_step(self, child: ChildFacts, waiting: list[_Trigger], held: MeetingFact | None) -> Step:
        discussions = [t for t in waiting if t.discussion is not None]
        transfers = [t for t in waiting if t.discussion is None]
        if discussions:
            # Working Together 2015 tie-break (DfE measure) or WT 2018 "last strategy discussion": a setting.
            s47 = [t for t in discussions if t.discussion and t.discussion.s47_initiated] or discussions
            chosen = s47[0] if self.book.parameter("icpc_anchor") == "s47-initiating" else discussions[-1]
            return self._discussion_step(child, chosen.day, held)
        notified = transfers[0].day
        return Step(
            "cp",
            child.child_id,
            "transfer-in",
            MeetingKind.TRANSFER_IN,
            "transfer notification",
            notified,
            self.book.due("transfer-in", notified),
            held=held,
        )

    def _discussion_step(self, child: ChildFacts, discussion: dt.date, held: MeetingFact | None) -> Step:
        icpc_due = self.book.due("icpc", discussion)
        if child.unborn_on(discussion) and child.expected_delivery is not None:
            # Local pre-birth rule, counted back from the expected date of delivery (e.g. 28 weeks' gestation):
            # it governs whenever it falls after the discussion, as 15 working days may be too soon before a
            # birth (Walsall pre-birth protocol). A referral too late for it falls back to Working Together's 15.
            pre_birth_due = self.book.due("pre-birth", child.expected_delivery)
            if pre_birth_due > discussion:
                return Step(
                    "cp",
                    child.child_id,
                    "pre-birth",
                    MeetingKind.PRE_BIRTH,
                    "expected date of delivery",
                    child.expected_delivery,
                    pre_birth_due,
                    held=held,
                )
            return Step(
                "cp",
                child.child_id,
                "pre-birth",
                MeetingKind.PRE_BIRTH,
                "strategy discussion",
                discussion,
                icpc_due,
                held=held,
            )
        return Step(
            "cp", child.child_id, "icpc", MeetingKind.ICPC, "strategy discussion", discussion, icpc_due, held=held
        )

    def _exploitation_steps(self, child: ChildFacts, referral: Referral, meetings: Sequence[MeetingFact]) -> list[Step]:
        # Local rules only: no national timescale for CSE meetings (research notes §4).
        inside = [
            m
            for m in meetings
            if referral.referred_on <= m.day and (referral.closed_on is None or m.day <= referral.closed_on)
        ]
        first = "cse-urgent" if referral.urgent else "cse-initial"
        open_on = referral.closed_on is None or referral.closed_on > self.today
        return self._walk(
            _Chain(
                "cse",
                child.child_id,
                MeetingKind.CSE_STRATEGY,
                (first, "cse-review", "cse-review"),
                later_kind=MeetingKind.CSE_REVIEW,
            ),
            anchor=referral.referred_on,
            anchor_label="referral",
            later_label="previous CSE meeting",
            meetings=inside,
            live=open_on,
        )

    # -- foster households ------------------------------------------------------------------------------------

    def household_steps(self, household: HouseholdFacts) -> list[Step]:
        # Fostering Services (England) Regulations 2011 reg 28: within a year of approval, then yearly.
        reviews = sorted(
            (
                m
                for m in household.meetings
                if m.kind is MeetingKind.FOSTER_REVIEW
                and m.day >= household.approved_on
                and (household.deregistered_on is None or m.day <= household.deregistered_on)
                and (m.held or m.pending)
            ),
            key=lambda m: (m.day, m.meeting_id),
        )
        live = household.deregistered_on is None or household.deregistered_on > self.today
        return self._walk(
            _Chain("foster", household.household_id, MeetingKind.FOSTER_REVIEW, ("foster-first", "foster", "foster")),
            anchor=household.approved_on,
            anchor_label="approval",
            later_label="previous review",
            meetings=reviews,
            live=live,
        )

    # -- the walk ---------------------------------------------------------------------------------------------

    def _walk(
        self,
        chain: _Chain,
        *,
        anchor: dt.date,
        anchor_label: str,
        later_label: str,
        meetings: Sequence[MeetingFact],
        live: bool,
    ) -> list[Step]:
        steps: list[Step] = []
        label = anchor_label
        held = [m for m in meetings if m.status is MeetingStatus.HELD]
        for number, meeting in enumerate(held):
            if self._answered(meeting):
                steps.append(self._step(chain, number, anchor, label, held=meeting))
            anchor, label = meeting.day, later_label
        if live:
            booked = next((m for m in meetings if m.day >= anchor and m.pending), None)
            steps.append(self._step(chain, len(held), anchor, label, held=None, booked=booked))
        return steps

    def _step(
        self,
        chain: _Chain,
        number: int,
        anchor: dt.date,
        label: str,
        held: MeetingFact | None,
        booked: MeetingFact | None = None,
    ) -> Step:
        rule = chain.rules[min(number, len(chain.rules) - 1)]
        kind = chain.kind if number == 0 or chain.later_kind is None else chain.later_kind
        due = self.book.due(rule, anchor)
        note = ""
        if rule == "rcpc-first" and chain.born is not None and chain.born >= anchor:
            due = min(due, self.book.due("rcpc-first-after-birth", chain.born))
        early = _early_request(chain.early, kind, anchor, held)
        if early is not None and early.due_on < due:
            rule, due, note = EARLY_RULES.get(kind, rule), early.due_on, f"early review: {early.reason}"
        return Step(chain.name, chain.subject, rule, kind, label, anchor, due, held=held, booked=booked, note=note)


@dataclass(frozen=True, slots=True)
class _Chain:
    name: str
    subject: int
    kind: MeetingKind
    rules: tuple[str, ...]
    early: tuple[EarlyReview, ...] = ()
    later_kind: MeetingKind | None = None
    born: dt.date | None = None

    def with_birth(self, born: dt.date) -> _Chain:
        return _Chain(self.name, self.subject, self.kind, self.rules, self.early, self.later_kind, born)


@dataclass(frozen=True, slots=True)
class _Trigger:
    """Something that calls for an initial conference: a strategy discussion or a transfer notification."""

    day: dt.date
    discussion: Discussion | None

    @property
    def concluded(self) -> bool:
        """The enquiry ended without the need for a conference (CIN census ICPCnotRequired)."""
        return self.discussion is not None and self.discussion.conference_not_required

    @property
    def starts_enquiry(self) -> bool:
        """A transfer, or a discussion that initiated s47 enquiries; a later discussion only moves the anchor."""
        return self.discussion is None or self.discussion.s47_initiated


def _triggers(child: ChildFacts) -> Iterator[_Trigger]:
    triggers = [_Trigger(d.held_on, d) for d in child.discussions]
    triggers += [_Trigger(day, None) for day in child.transfers]
    return iter(sorted(triggers, key=lambda t: (t.day, t.discussion is None)))


def _conference_answers(
    child: ChildFacts, conferences: Sequence[MeetingFact]
) -> list[tuple[dt.date, MeetingFact | None]]:
    """Held initial conferences, and plan starts with no conference on record, in date order."""
    held = [(m.day, m) for m in conferences if m.held and m.kind in INITIAL_CONFERENCES]
    days = {day for day, _ in held}
    starts: list[tuple[dt.date, MeetingFact | None]] = [(p.start, None) for p in child.plans if p.start not in days]
    return sorted([*held, *starts], key=lambda item: (item[0], item[1] is None))


def _early_request(
    requests: Sequence[EarlyReview], kind: MeetingKind, anchor: dt.date, held: MeetingFact | None
) -> EarlyReview | None:
    """The earliest request to bring this review forward made since the chain's anchor (and before it was held)."""
    if not requests:
        return None
    relevant = [
        r
        for r in requests
        if r.kind is kind and r.requested_on >= anchor and (held is None or r.requested_on <= held.day)
    ]
    return min(relevant, key=lambda r: r.due_on, default=None)


def _replace_booked(step: Step, booked: MeetingFact | None) -> Step:
    if booked is None:
        return step
    return Step(
        step.chain,
        step.subject,
        step.rule,
        step.meeting_kind,
        step.anchor_label,
        step.anchor,
        step.due,
        held=None,
        booked=booked,
        note=step.note,
    )
