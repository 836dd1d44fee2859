"""``python -m app``: the same as the ``hearth`` command.

A frozen build also runs the quantize child process through this entry point (there is no
``python -m`` inside a bundle): ``hearth --hearth-quantize-child SRC DST FTYPE``.
"""

import sys

if len(sys.argv) > 1 and sys.argv[1] == "--hearth-quantize-child":
    from model_store.quantize_child import main as quantize_child

    raise SystemExit(quantize_child(sys.argv[2:]))

from app.cli import main  # noqa: E402 - the child above must not import the GUI

raise SystemExit(main())
