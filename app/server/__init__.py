"""Hearth's OpenAI-compatible API: an ASGI app (Starlette) served by uvicorn, on the engine thread."""
