"""`iro-diary live-audit items|add-item|retire-item|restore-item|checklist|answer|figures`: the live audit.

The chair answers the checklist when a looked-after review or a conference is marked held; scripts can answer it
too (e.g. from a spreadsheet kept while the app was not in use) and read the quarterly figures.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from iro_diary.cli_commands.opening import opened
from iro_diary.cli_commands.output import print_json, print_table
from iro_diary.cli_commands.quality_shared import chosen
from iro_diary.domain.errors import ValidationError
from iro_diary.domain.quality.codes import Answer, AuditScope
from iro_diary.domain.reports.text import DASH, format_value

SCOPES = {s.value: s for s in AuditScope}
ANSWERS = {a.value: a for a in Answer} | {"na": Answer.NOT_APPLICABLE, "clear": None}
GROUPS = ("item", "quarter", "team", "iro")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("live-audit", parents=[common], help="the live-audit checklist and its figures")
    actions = parser.add_subparsers(dest="live_audit_action", metavar="ACTION", required=True)
    items = actions.add_parser("items", parents=[common], help="the checklist's items")
    items.add_argument("--json", action="store_true", help="print JSON")
    items.set_defaults(run=run_items)
    add = actions.add_parser("add-item", parents=[common], help="add a question to the checklist")
    add.add_argument("code", metavar="CODE", help="a short name for scripts and the JSON, e.g. sibling-contact")
    add.add_argument("label", metavar="QUESTION")
    add.add_argument("--for", dest="scope", default="both", metavar="MEETINGS", help=", ".join(SCOPES))
    add.set_defaults(run=run_add)
    for name, active in (("retire-item", False), ("restore-item", True)):
        change = actions.add_parser(
            name, parents=[common], help=("stop" if not active else "start") + " asking an item"
        )
        change.add_argument("code", metavar="CODE")
        change.set_defaults(run=run_active, active=active)
    checklist = actions.add_parser("checklist", parents=[common], help="a meeting's checklist and its answers")
    checklist.add_argument("meeting", metavar="MEETING_REF")
    checklist.add_argument("--json", action="store_true", help="print JSON")
    checklist.set_defaults(run=run_checklist)
    answer = actions.add_parser("answer", parents=[common], help="answer a held meeting's checklist")
    answer.add_argument("meeting", metavar="MEETING_REF")
    answer.add_argument(
        "--answer", action="append", required=True, metavar="CASE_REF:ITEM=ANSWER[:NOTE]",
        help="e.g. C100001:pep=yes or C100001:health=no:overdue since May; ANSWER is yes, no, n/a or clear",
    )  # fmt: skip
    answer.set_defaults(run=run_answer)
    figures = actions.add_parser("figures", parents=[common], help="a year's or a quarter's figures")
    figures.add_argument("--year", type=int, required=True, metavar="YYYY", help="the financial year's first year")
    figures.add_argument("--quarter", type=int, choices=(1, 2, 3, 4))
    figures.add_argument("--by", default="item", choices=GROUPS, help="what the table is by (default item)")
    figures.add_argument("--json", action="store_true", help="print the report's live_audit JSON")
    figures.set_defaults(run=run_figures)


def run_items(args: argparse.Namespace) -> int:
    with opened(args) as services:
        rows = services.quality_lists.checklist_items()
    data = [
        {"code": r.code, "question": r.label, "for": r.applies_to.value, "active": r.active, "answers": r.answers}
        for r in rows
    ]
    if args.json:
        print_json(data)
    else:
        print_table(
            ["CODE", "QUESTION", "ASKED AT", "ANSWERS"],
            [(r.code, r.label, r.applies_to.label if r.active else "retired", r.answers) for r in rows],
        )
    return 0


def run_add(args: argparse.Namespace) -> int:
    scope = chosen(args.scope, SCOPES, "kind of meeting")
    with opened(args) as services:
        row, _changes = services.quality_lists.add_item(args.code, args.label, scope)
    sys.stdout.write(f"{row.code}: {row.label} ({row.applies_to.label.lower()})\n")
    return 0


def run_active(args: argparse.Namespace) -> int:
    with opened(args) as services:
        lists = services.quality_lists
        item_id = lists.item_id(args.code)
        current = next(i for i in lists.checklist_items() if i.id == item_id)
        row, _changes = lists.change_item(current.id, current.version, active=args.active)
    sys.stdout.write(f"{row.code}: {'asked' if row.active else 'retired'}\n")
    return 0


def run_checklist(args: argparse.Namespace) -> int:
    with opened(args) as services:
        found = services.live_audit.checklist(services.diary.meeting_by_ref(args.meeting).id)
    rows = [
        (child.case_ref, item.code, *(found.answers.get((child.child_id, item.id), (None, ""))))
        for child in found.children
        for item in found.items
    ]
    if args.json:
        print_json(
            [{"case_ref": c, "item": i, "answer": a.value if a else None, "note": n or None} for c, i, a, n in rows]
        )
    else:
        print_table(["CHILD", "ITEM", "ANSWER", "NOTE"], [(c, i, a.label if a else DASH, n) for c, i, a, n in rows])
    return 0


def run_answer(args: argparse.Namespace) -> int:
    from iro_diary.services.quality.rows import GivenAnswer

    with opened(args) as services:
        found = services.live_audit.checklist(services.diary.meeting_by_ref(args.meeting).id)
        children = {c.case_ref.upper(): c.child_id for c in found.children}
        items = {i.code: i.id for i in found.items}
        given = []
        for text in args.answer:
            ref, item, answer, note = _parsed(text)
            if ref.upper() not in children:
                raise ValidationError(f"{ref} is not a child at {found.ref}")
            if item not in items:
                raise ValidationError(f"'{item}' is not asked at {found.ref}: use one of {', '.join(items)}")
            given.append(GivenAnswer(children[ref.upper()], items[item], chosen(answer, ANSWERS, "answer"), note))
        changes = services.live_audit.answer(found.meeting_id, given)
    sys.stdout.write(f"{found.ref}: {'answers saved' if changes else 'nothing changed'}\n")
    return 0


def _parsed(text: str) -> tuple[str, str, str, str]:
    ref, _, rest = text.partition(":")
    item, equals, value = rest.partition("=")
    answer, _, note = value.partition(":")
    if not (ref and item and equals and answer):
        raise ValidationError(f"--answer '{text}': write it as CASE_REF:ITEM=ANSWER (e.g. C100001:pep=yes)")
    return ref.strip(), item.strip().lower(), answer, note.strip()


def run_figures(args: argparse.Namespace) -> int:
    from iro_diary.domain.reports.contract import audit_json
    from iro_diary.domain.reports.model import Unit
    from iro_diary.domain.reports.period import ReportPeriod

    with opened(args) as services:
        figures = services.live_audit.figures(ReportPeriod(args.year, args.quarter))
    if args.json:
        print_json(audit_json(figures))
        return 0
    sys.stdout.write(f"Live audit {figures.period.label}\n\n")

    def pct(value: float | None) -> str:
        return format_value(value, Unit.PERCENT)

    if args.by == "item":
        rows = [(i.label, *_tally(figures.overall.item(i.item_id), pct)) for i in figures.items]
        rows.append(("All items", *_tally(figures.overall.overall, pct)))
        print_table(["ITEM", "YES", "NO", "N/A", "% YES"], rows)
        return 0
    groups = {"quarter": figures.quarters, "team": figures.teams, "iro": figures.iros}[args.by]
    print_table(
        [args.by.upper(), "CHILDREN", "COMPLETED", "% COMPLETED", "% YES"],
        [(g.label, g.expected, g.completed, pct(g.completed_pct), pct(g.overall.yes_pct)) for g in groups],
    )
    return 0


def _tally(found: Any, pct: Callable[[float | None], str]) -> tuple[Any, ...]:
    return (found.yes, found.no, found.not_applicable, pct(found.yes_pct))
