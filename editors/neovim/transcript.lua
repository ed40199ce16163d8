-- Drive Neovim headless against `stpctl lsp`: open a plan, wait for the
-- diagnostics, print them, then a hover and the code actions on the first
-- STP012 finding.  docs/editors.md shows what it printed.
--   nvim --headless -u NONE -c "luafile editors/neovim/transcript.lua" PLAN
local out = function(text) io.stdout:write(text .. "\n") end
local plan = vim.fn.expand("%:p")
local buf = vim.api.nvim_get_current_buf()
vim.bo[buf].filetype = "yaml"
local start = vim.lsp.start or function(config)  -- Neovim 0.7 has no vim.lsp.start
  local id = vim.lsp.start_client(config)
  vim.lsp.buf_attach_client(buf, id)
  return id
end
start({ name = "stpctl", cmd = { os.getenv("STPCTL") or "stpctl", "lsp" },
        root_dir = vim.fn.fnamemodify(plan, ":h") })
vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local names = { "error", "warning", "info", "hint" }
local shown = vim.diagnostic.get(buf)
table.sort(shown, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
out(string.format("%d diagnostics from stpctl:", #shown))
for _, d in ipairs(shown) do
  local lsp = (d.user_data or {}).lsp or {}
  out(string.format("  %d:%d-%d:%d %s %s: %s", d.lnum + 1, d.col + 1, d.end_lnum + 1,
    d.end_col + 1, names[d.severity], d.code or lsp.code or "", d.message))
end
-- The population written `780,000`: a finding `stpctl fix` mends.
local first = shown[1]
for _, d in ipairs(shown) do
  if (d.code or ((d.user_data or {}).lsp or {}).code) == "STP012" then first = d; break end
end
local position = { line = first.lnum, character = first.col }
local hover = vim.lsp.buf_request_sync(buf, "textDocument/hover", {
  textDocument = vim.lsp.util.make_text_document_params(buf), position = position }, 10000)
for _, reply in pairs(hover or {}) do
  if reply.result then
    out("hover at " .. (first.lnum + 1) .. ":" .. (first.col + 1) .. ":")
    for line in vim.gsplit(reply.result.contents.value, "\n") do out("  | " .. line) end
  end
end
local extra = (first.user_data or {}).lsp or {}
local lsp_diagnostic = { range = { start = position,
  ["end"] = { line = first.end_lnum, character = first.end_col } },
  message = first.message, severity = first.severity, source = first.source,
  code = first.code or extra.code, data = extra.data }
local actions = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", {
  textDocument = vim.lsp.util.make_text_document_params(buf),
  range = { start = position, ["end"] = position },
  context = { diagnostics = { lsp_diagnostic } } }, 10000)
for _, reply in pairs(actions or {}) do
  for _, action in ipairs(reply.result or {}) do
    out("code action: " .. action.title .. (action.isPreferred and " (preferred)" or ""))
  end
end
vim.cmd("qa!")
