-- REPL support called by the host (bindings/host/repl.cpp): tab completion of globals, table
-- fields and object methods, and printing of results.
local cl = require "chaoslab"
local pretty = require "chaoslab.pretty"

local M = {}

local KEYWORDS = { "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
  "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while" }

local function add_keys(t, into, seen, only_functions)
  for k, v in pairs(t) do
    if type(k) == "string" and k:match("^[%a_][%w_]*$") and not seen[k]
        and (not only_functions or type(v) == "function") then
      seen[k] = true
      into[#into + 1] = k
    end
  end
end

-- Names that may follow `value` + sep ("." or ":").
local function members(value, sep)
  local names, seen = {}, {}
  if type(value) == "table" then
    add_keys(value, names, seen, sep == ":")
    local mt = getmetatable(value)
    if type(mt) == "table" and type(mt.__index) == "table" then add_keys(mt.__index, names, seen, sep == ":") end
  elseif type(value) == "userdata" then
    for _, m in ipairs(cl.methods(value)) do names[#names + 1] = m end
    if sep == "." and cl.type(value) == "chaoslab.Seed" then
      for _, f in ipairs { "session", "block", "trial" } do names[#names + 1] = f end
    end
  elseif type(value) == "string" then
    add_keys(string, names, seen, true)
  end
  return names
end

-- Completions of `word` (an identifier chain such as "chaoslab.lin" or "arr:me"), as full words.
function M.complete(word)
  local head, sep, partial = word:match("^(.-)([%.:])([%a_]?[%w_]*)$")
  local candidates, prefix
  if not head then
    if not word:match("^[%a_]?[%w_]*$") then return {} end
    partial, prefix = word, ""
    candidates = {}
    local seen = {}
    add_keys(_G, candidates, seen, false)
    for _, k in ipairs(KEYWORDS) do candidates[#candidates + 1] = k end
  else
    local value = _G
    for part in head:gmatch("[^%.]+") do
      if not part:match("^[%a_][%w_]*$") or type(value) ~= "table" and type(value) ~= "userdata" then return {} end
      local ok, v = pcall(function() return value[part] end)
      if not ok or v == nil then return {} end
      value = v
    end
    if not head:match("^[%a_][%w_%.]*$") or head:find("%.%.") then return {} end
    candidates, prefix = members(value, sep), head .. sep
  end
  local out = {}
  for _, c in ipairs(candidates) do
    if c:sub(1, #partial) == partial then out[#out + 1] = prefix .. c end
  end
  table.sort(out)
  return out
end

-- Prints the results of an expression typed at the prompt, summarised.
function M.print_results(...)
  if select("#", ...) > 0 then pretty.print(...) end
end

return M
