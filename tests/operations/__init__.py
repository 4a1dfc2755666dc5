"""Operating the service: backups and restores, the index rebuilt, structured logs."""
