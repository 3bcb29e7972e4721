"""`natokg draft`: turn a new NATO page into a reviewable, sourced draft document graph.

One module per job: :mod:`reading` (checks and plain text), :mod:`registry` (the entities the
graph knows, and linking mentions to them), :mod:`dates`, :mod:`figures`, :mod:`patterns`
(memberships, events and participations), :mod:`turtle` (the draft graph), :mod:`ledger`,
:mod:`summary`, :mod:`validation` (SHACL), :mod:`command` (the CLI's steps), :mod:`accept` and
:mod:`evaluation` (leave-one-out against the curated pages).
"""
