"""The use cases, one per module, each in one read snapshot or one write transaction; and the front
door, ``ClaimsDB`` (``claimsdb.open()``), whose methods they are."""
