"""`sectorlint server`: the content set checked as you type, over the Language Server Protocol.

One module per job: `app` keeps the sessions and publishes what they find; `convert` turns
problem spans (1-based, in characters) into LSP ranges (0-based, in the client's code units) and
back; `diagnostics` makes a problem a diagnostic, pushed or pulled; `actions` offers the fixes,
suppressions and formatting; `navigation` answers hover, definition, rename and symbols;
`completion` offers keys, values and sector ids; `watch` follows configuration and files
changed on disk. Each feature module registers its handlers on the server (`register`).
"""
