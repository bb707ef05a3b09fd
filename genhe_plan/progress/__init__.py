"""Progress reports: what a record's state is (``status``), the checks on reports (``check``), the
worksheet officials fill in (``worksheet``) and its import into plan_data/progress/ (``worksheet_import``:
files read by ``worksheet_read``, rows parsed by ``worksheet_parse``, the report put together by
``worksheet_merge``, mistakes collected as ``worksheet_problems``)."""
