"""The display layer: text on its way to a screen. A paragraph shaped,
reordered and wrapped into rows that keep every character's offset
(layout), Arabic shaping, the Unicode bidi algorithm and mirrored brackets,
what each terminal does with right-to-left text and its switch (terminal),
text made safe for a terminal (safe), a concordance line (kwic). No Textual.
"""
