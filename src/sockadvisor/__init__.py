"""sockadvisor: pick running socks, above all compression socks for trail running."""

__version__ = "0.1.0"
