"""Researchers' analytics: survey networks, diffusion and cascade measures, cluster
health, exports and reports. Above the graph port (reads only); never imports ingest/."""
