// Package notebooks holds gonote's notebook model, its two file formats and
// the on-disk store of notebooks.
//
// A [Notebook] is an ordered list of cells (code, markdown, raw). It is read
// from and written to
//
//   - .ipynb files, nbformat 4.5 (4.0–4.5 are read), the interchange format
//     JupyterLab opens: [DecodeIPYNB], [EncodeIPYNB];
//   - Markdown notebooks (.md), where prose is markdown cells and each fenced
//     go block is a code cell, with no outputs stored: [DecodeMarkdown],
//     [EncodeMarkdown].
//
// Invariants:
//
//   - Whatever gonote does not understand in an .ipynb file (unknown metadata
//     keys, attachments, outputs of other kernels, unknown top-level keys) is
//     kept as raw JSON and written back unchanged.
//   - [EncodeMarkdown] output is a fixed point: decoding it and encoding again
//     gives the same bytes.
//   - Decoding never panics and rejects bad input (malformed JSON, unknown
//     nbformat versions, wrong field types, invalid UTF-8, unclosed fences,
//     inputs over [Limits]) with an error wrapping [ErrInvalid] or
//     [ErrTooLarge].
//
// A [Store] keeps user notebooks in one directory, saved atomically and with
// version checks, next to the read-only lessons embedded from lessons/.
// [Exec] runs a notebook's code cells through a [Runner], which the kernel
// implements through a small adapter; this package imports no kernel code.
package notebooks
