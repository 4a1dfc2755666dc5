"""Self-referral and buddy requests: the public forms, storing requests, and retention."""
