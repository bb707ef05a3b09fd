"""Audits of the plan against itself: mechanical checks for the plan's own problems (``checks``) and
the coverage of every dated or quantified clause by a target (``commitments``)."""
