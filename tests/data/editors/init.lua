-- sectorlint in Neovim 0.11+: the content set's YAML files checked as you type.
vim.lsp.config('sectorlint', {
  cmd = { 'sectorlint', 'server' },
  filetypes = { 'yaml' },
  -- The project root; add 'pyproject.toml' if your settings are in its [tool.sectorlint].
  root_markers = { '.sectorlint.toml' },
  workspace_required = true, -- outside a sectorlint project, YAML files are left alone
  init_options = { debounce = 300 }, -- ms after the last keystroke (default 100; 0: none)
})
vim.lsp.enable('sectorlint')
