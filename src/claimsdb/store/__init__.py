"""The database: the models (the schema), the engine and its transactions, migrations, portable
SQL pieces, backups, the audit trail and the crash points tests use."""
