"""Temporal expressions: grammar (spans), resolution (TimeML values), tense, publication dates.

The public entry points live in `storylens.timeline.timexes`; this package holds the parts:
`grammar` finds spans, `resolve` dispatches to the rule modules (`rules_calendar`,
`rules_relative`, `rules_spans`, sharing `context`), `tense` reads the verb, `values` turns
values into intervals, `infer` guesses publication days, `timeml` reads and scores TempEval-3.
"""
