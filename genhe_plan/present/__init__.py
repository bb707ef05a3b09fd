"""Step 4 — presentation shared by every output: how names, values and deadlines are written
(``labels``), every record's permanent address (``urls``) and data written into a script
(``script_json``)."""
