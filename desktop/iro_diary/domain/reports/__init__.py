"""The annual report's figures, worked out from plain facts (no database, no Qt, no clock).

`period` names the financial year or quarter; `records` holds the facts a report is computed from; `compute`
turns them into a `Report` of figures and breakdowns (`model`), each with its definition and the children or
meetings behind it; `contract` is the stable JSON; `text` and `charts` lay the report out for exports and views.
"""
