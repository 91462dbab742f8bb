-- Plays one scenario in headless Neovim (0.7 and later) with a snippet loaded by `-u`, writing
-- what the user would see (a buffer's diagnostics, or the servers attached to it) as JSON
-- lines to $SECTORLINT_OUT.
-- Scenarios ($SECTORLINT_SCENARIO):
--   planted:    the opened file has a broken relation; then the buffer is fixed (not saved).
--   cross-file: bpo.yaml is opened beside call-center.yaml and its id is changed in the buffer.
--   outside:    a YAML file outside any sectorlint project: which servers attach to it.
local out = assert(os.getenv('SECTORLINT_OUT'))
local scenario = assert(os.getenv('SECTORLINT_SCENARIO'))

local function diagnostics(buf)
  local seen = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    seen[#seen + 1] = {
      code = d.code, lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, source = d.source, message = d.message,
    }
  end
  return seen
end

local function has(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code then
      return true
    end
  end
  return false
end

local function record(step, seen)
  local file = assert(io.open(out, 'a'))
  file:write(vim.fn.json_encode({ step = step, seen = seen }) .. '\n')
  file:close()
end

local function attached(buf)
  local names = {}
  local clients = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  for _, client in ipairs(clients) do
    if vim.lsp.buf_is_attached(buf, client.id) then
      names[#names + 1] = client.name
    end
  end
  return names
end

local function replace(buf, old, new)
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  for i, line in ipairs(lines) do
    if line == old then
      vim.api.nvim_buf_set_lines(buf, i - 1, i, false, { new }) -- an edit, as typing is
      return
    end
  end
  error('no line ' .. old)
end

-- R001 appears in `watched` (recorded as step `shown`), then the edit in `edited` that removes
-- its cause is made and it goes (recorded as step `gone`).
local function shown_then_gone(watched, shown, edited, old, new, gone)
  vim.wait(8000, function() return has(watched, 'R001') end, 50)
  record(shown, diagnostics(watched))
  replace(edited, old, new)
  vim.wait(8000, function() return not has(watched, 'R001') end, 50)
  record(gone, diagnostics(watched))
end

local function planted()
  local buf = vim.api.nvim_get_current_buf()
  shown_then_gone(buf, 'opened', buf, '    - sector: nosuch', '    - sector: bpo', 'fixed')
end

local function cross_file()
  local center = vim.api.nvim_get_current_buf()
  vim.wait(8000, function() return #attached(center) > 0 end, 50)
  vim.cmd('split content/bpo.yaml')
  local bpo = vim.api.nvim_get_current_buf()
  vim.wait(8000, function() return #attached(bpo) > 0 end, 50)
  vim.wait(500) -- the server has bpo.yaml open before it changes
  replace(bpo, 'id: bpo', 'id: bpo-renamed')
  shown_then_gone(center, 'renamed', bpo, 'id: bpo-renamed', 'id: bpo', 'restored')
end

local function outside()
  vim.wait(1500) -- long enough for a server to start and attach
  record('outside', attached(vim.api.nvim_get_current_buf()))
end

local scenarios = { planted = planted, ['cross-file'] = cross_file, outside = outside }
local ok, err = pcall(assert(scenarios[scenario], scenario))
if not ok then
  io.stderr:write('driver: ' .. tostring(err) .. '\n')
end
vim.cmd('qa!')
