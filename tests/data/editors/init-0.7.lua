-- sectorlint in Neovim 0.7 (Debian 12's package), which has neither vim.lsp.start nor vim.fs.
local clients = {} -- one server per project root
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'yaml',
  callback = function(args)
    local folder = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ':p:h')
    local marker = vim.fn.findfile('.sectorlint.toml', folder .. ';')
    if marker == '' then
      return -- outside a sectorlint project, YAML files are left alone
    end
    local root = vim.fn.fnamemodify(marker, ':p:h')
    clients[root] = clients[root] or vim.lsp.start_client({
      name = 'sectorlint',
      cmd = { 'sectorlint', 'server' },
      root_dir = root,
      init_options = { debounce = 300 }, -- ms after the last keystroke (default 100; 0: none)
    })
    vim.lsp.buf_attach_client(args.buf, clients[root])
  end,
})
