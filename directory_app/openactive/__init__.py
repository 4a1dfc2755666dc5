"""OpenActive open data: RPDE feeds of physical activities (SessionSeries and their
ScheduledSessions) and the dataset site that describes them, under ``/openactive/``."""
