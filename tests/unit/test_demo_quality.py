"""The demo service's quality assurance: a few concerns at every stage, some good practice, and the live audit
answered from the last complete year's final quarter — and the service's lists survive loading it again."""

from __future__ import annotations

from iro_diary.domain.quality.concerns import Standing
from iro_diary.domain.reports.contract import report_json
from iro_diary.domain.reports.period import ReportPeriod, last_complete_year
from iro_diary.services.registry import Services


def test_the_demo_has_concerns_good_practice_and_a_live_audit(demo_services: Services) -> None:
    concerns = demo_services.concerns.list_concerns(include_closed=True)
    held = demo_services.status.counts().meetings
    assert 0 < len(concerns) < held * 0.05, "a small minority of meetings lead to a concern"
    assert any(c.standing is Standing.CLOSED for c in concerns)
    for concern in concerns[:20]:
        stages = demo_services.concerns.concern(concern.id).stages
        assert [s.stage for s in stages] == sorted((s.stage for s in stages), key=lambda s: s.number)
        assert all(s.started_on <= s.due_on and (s.ended_on is None or s.ended_on >= s.started_on) for s in stages)
    year = last_complete_year(demo_services.ctx.clock.today())
    data = report_json(demo_services.reports.annual(year))
    quarters = data["live_audit"]["by_quarter"]
    assert [quarters[q]["checklists_completed"] > 0 for q in ("Q1", "Q2", "Q3", "Q4")] == [False, False, False, True]
    assert data["causes_for_concern"]["raised"] == sum(data["causes_for_concern"]["by_theme"].values())
    assert demo_services.good_practice.list_good_practice()
    figures = demo_services.live_audit.figures(ReportPeriod(year + 1))
    assert figures.overall.completed_pct is not None and 70 < figures.overall.completed_pct < 95


def test_loading_the_demo_again_keeps_the_services_lists(demo_services: Services) -> None:
    from iro_diary.domain.quality.codes import AuditScope, ThemeKind

    demo_services.quality_lists.add_theme(ThemeKind.CONCERN, "Our own theme")
    demo_services.quality_lists.add_item("own-item", "Our own question", AuditScope.BOTH)
    demo_services.demo.generate(0.1, 4, replace=True)
    assert "Our own theme" in [t.name for t in demo_services.quality_lists.themes(ThemeKind.CONCERN)]
    assert "own-item" in [i.code for i in demo_services.quality_lists.checklist_items()]
    assert demo_services.concerns.list_concerns(include_closed=True)
