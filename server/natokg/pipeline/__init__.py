"""`natokg build` and `natokg validate`: from the Turtle sources to a checked, published dataset.

The steps, each in its own module: :mod:`.sources` (which file goes to which named graph),
:mod:`.parsing` (syntax, with file:line errors), :mod:`.skolem` (stable IRIs for blank nodes),
:mod:`.shacl` (pyshacl), :mod:`.quotes` (every quote is in its source document),
:mod:`.checks` (integrity queries), :mod:`.reasoning` (HermiT, shipped with owlready2),
:mod:`.inference` (materialised inferences), :mod:`.publish` (atomic output), orchestrated by
:mod:`.pipeline`.
"""
