"""Say what the installed llama.cpp was compiled for; fail if it is not fit to ship.

    python packaging/check_llama.py [--require-gpu]

A build for the builder's own CPU (GGML_NATIVE=ON, the default) shows AVX-512 or AMX here on
machines that have them, and would crash with "illegal instruction" on computers without.
--require-gpu: also fail when the build cannot offload to a GPU (the macOS build must have Metal).
"""

import sys

import llama_cpp

info = llama_cpp.llama_print_system_info().decode("utf-8", "replace").strip()
print(f"llama-cpp-python {llama_cpp.__version__}: {info}")
native = [flag for flag in ("AVX512 = 1", "AVX512_VNNI = 1", "AVX512_BF16 = 1", "AMX_INT8 = 1") if flag in info]
if native:
    sys.exit(f"check_llama: compiled for this CPU ({', '.join(native)}), not portable: build with CMAKE_ARGS=-DGGML_NATIVE=OFF")
if "--require-gpu" in sys.argv[1:] and not llama_cpp.llama_supports_gpu_offload():
    sys.exit("check_llama: this llama.cpp has no GPU backend (expected Metal)")
