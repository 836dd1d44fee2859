"""The engine: load a GGUF, format the chat, generate tokens. Plain Python, no Qt."""
