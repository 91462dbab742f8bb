-- sectorlint in Neovim 0.8 to 0.10, which have vim.lsp.start but not vim.lsp.config.
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'yaml',
  callback = function(args)
    -- The project root; add 'pyproject.toml' if your settings are in its [tool.sectorlint].
    local marker = vim.fs.find({ '.sectorlint.toml' }, {
      upward = true,
      path = vim.fs.dirname(vim.api.nvim_buf_get_name(args.buf)),
    })[1]
    if not marker then
      return -- outside a sectorlint project, YAML files are left alone
    end
    vim.lsp.start({
      name = 'sectorlint',
      cmd = { 'sectorlint', 'server' },
      root_dir = vim.fs.dirname(marker),
      init_options = { debounce = 300 }, -- ms after the last keystroke (default 100; 0: none)
    })
  end,
})
