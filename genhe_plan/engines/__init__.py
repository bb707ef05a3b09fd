"""Engines other than MkDocs that render the prepared site (``site.prepare``): each writes the same
generated pages and docs/ to disk in the form its engine reads, and runs it. MkDocs itself needs no
module here: its hook (overrides/hooks/plan_site.py) hands the prepared site over in memory."""
