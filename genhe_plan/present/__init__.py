"""Step 4 — presentation shared by every output: how names, values and deadlines are written
(``labels``) and every record's permanent address (``urls``)."""
