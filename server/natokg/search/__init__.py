"""Search: ``/search?q=`` over the dataset's names, notes and quotes (see :mod:`.index`)."""
