-- sectorlint through nvim-lspconfig, for a Neovim before 0.11 that already uses it.
local configs = require('lspconfig.configs')
if not configs.sectorlint then
  configs.sectorlint = {
    default_config = {
      cmd = { 'sectorlint', 'server' },
      filetypes = { 'yaml' },
      root_dir = require('lspconfig.util').root_pattern('.sectorlint.toml'),
      init_options = { debounce = 300 }, -- ms after the last keystroke (default 100; 0: none)
    },
  }
end
require('lspconfig').sectorlint.setup({})
