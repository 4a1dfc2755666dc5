"""What every part of the app stands on: configuration, extensions, the one transaction
boundary, the audit log, the email outbox and sender, and the error pages.

Nothing here imports another package of ``directory_app``.
"""
