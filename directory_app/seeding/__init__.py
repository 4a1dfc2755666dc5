"""Loading the demo data in ``seeds/``."""
