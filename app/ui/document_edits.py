"""Edits of a QTextDocument in place: inserting HTML at a position, removing a range.

``QTextCursor.insertHtml`` merges the first inserted block into the block at the
cursor, losing its own format (a code line would lose its box background).
:func:`insert_html` puts a throwaway paragraph first so that the real first block
keeps its format, then removes the character it leaves behind.
"""

from __future__ import annotations

from PySide6.QtGui import QTextBlockFormat, QTextCursor, QTextDocument

_ZWSP = "\u200b"
# A first paragraph that merges into the block at the cursor, so that the real
# first block of inserted HTML keeps its own format; the character is removed after.
_MERGE_GUARD = "<p>&#8203;</p>"


def remove_range(doc: QTextDocument, start: int, end: int) -> None:
    """Remove the document's text from position ``start`` to ``end``."""
    cursor = QTextCursor(doc)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()


def insert_html(doc: QTextDocument, position: int, html_text: str, collapse: bool = True) -> int:
    """Insert HTML at ``position``, each inserted block keeping its own format; returns its end.

    With ``collapse``, a block left empty before the insertion (after a table,
    or the first one) is made to take no space.
    """
    cursor = QTextCursor(doc)
    cursor.setPosition(position)
    cursor.insertHtml(_MERGE_GUARD + html_text.rstrip())
    guard = QTextCursor(doc)
    guard.setPosition(position)
    guard.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
    if guard.selectedText() == _ZWSP:
        guard.removeSelectedText()
    if collapse and doc.findBlock(position).length() == 1:
        fmt = QTextBlockFormat()
        fmt.setLineHeight(0, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        guard.setBlockFormat(fmt)
    return cursor.position()
