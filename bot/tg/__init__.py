"""The Telegram adapter: the only part of factbot that imports `telegram`."""
