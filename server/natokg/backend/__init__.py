"""An external SPARQL store: publish releases into it, and answer queries through it.

:mod:`~natokg.backend.remote` speaks to the store (SPARQL 1.1 Query, Update and the Graph Store
HTTP Protocol) and says what failed in one line; :mod:`~natokg.backend.pointer` is the layout of
releases in the store; :mod:`~natokg.backend.publish` is ``natokg publish --to``;
:mod:`~natokg.backend.front` is ``natokg serve --backend``.
"""
