"""Where things are: postcodes, places and distances, all offline."""
