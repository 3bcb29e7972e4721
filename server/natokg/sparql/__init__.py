"""The SPARQL endpoint (``/sparql``): protocol, guard, execution, formats, service description, UI.

The query service (:mod:`natokg.sparql.service`) needs no web framework; the area's registrar
for :func:`natokg.app.create_app` is :func:`natokg.sparql.views.register`.
"""
