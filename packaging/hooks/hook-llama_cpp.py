"""PyInstaller hook for llama-cpp-python.

llama_cpp loads its shared libraries with ctypes from ``llama_cpp/lib`` at import time, which
PyInstaller's import analysis cannot see; without them the frozen app fails with
"Shared library with base name 'llama' not found". The libraries go back to the same place.
"""

import re
import sys

from PyInstaller.utils.hooks import collect_data_files, collect_dynamic_libs

binaries = collect_dynamic_libs("llama_cpp")
if sys.platform.startswith("linux"):
    # A wheel cannot hold symlinks, so libllama.so, libllama.so.0 and libllama.so.0.5.0 are three
    # copies of one file. ctypes opens the unversioned name and the loader follows the SONAME
    # (libggml.so.0); the fully versioned copy is never opened, so it stays out (8 MB).
    binaries = [(src, dest) for src, dest in binaries
                if not re.search(r"\.so\.\d+\.\d+(\.\d+)*$", src)]

# Non-library files (py.typed, an external Metal shader source if the build has one); never the
# libraries a second time as plain data.
datas = collect_data_files(
    "llama_cpp",
    excludes=["**/*.so", "**/*.so.*", "**/*.dylib", "**/*.dll", "**/*.lib", "**/*.exp",
              "**/__pycache__", "**/cmake/**", "**/pkgconfig/**", "**/include/**"],
)

# The OpenAI-compatible server (FastAPI, uvicorn) is not part of Hearth.
excludedimports = ["llama_cpp.server"]
