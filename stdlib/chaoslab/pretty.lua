-- Summarising printer for the REPL and for scripts: tables are shown to a limited depth and
-- length, chaoslab objects through their own __tostring (which never dumps large arrays).
local M = {}

local MAX_ITEMS = 12 -- entries shown per table
local MAX_DEPTH = 2  -- nesting levels expanded

local function is_identifier(s)
  return type(s) == "string" and s:match("^[%a_][%w_]*$") ~= nil
end

local MAX_STRING = 200 -- characters of a string shown before eliding the rest

local function scalar(v)
  local t = type(v)
  if t == "string" then
    if #v > MAX_STRING then
      return string.format("%q", v:sub(1, MAX_STRING)):sub(1, -2) .. string.format('..." (%d characters)', #v)
    end
    return string.format("%q", v)
  end
  if t == "number" or t == "boolean" or t == "nil" then return tostring(v) end
  return nil
end

local function sorted_keys(t)
  local keys, n = {}, #t
  for k in pairs(t) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  table.sort(keys, function(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta < tb end
    if ta == "string" or ta == "number" then return a < b end
    return tostring(a) < tostring(b)
  end)
  return keys, n
end

local format

local function format_table(t, depth, seen)
  if seen[t] then return "<cycle>" end
  local mt = getmetatable(t)
  if type(mt) == "table" and mt.__tostring then return tostring(t) end
  if depth > MAX_DEPTH then return "{...}" end
  seen[t] = true
  local keys, n = sorted_keys(t)
  local parts, shown = {}, 0
  for i = 1, n do
    if shown >= MAX_ITEMS then break end
    parts[#parts + 1] = format(t[i], depth + 1, seen)
    shown = shown + 1
  end
  for _, k in ipairs(keys) do
    if shown >= MAX_ITEMS then break end
    local key = is_identifier(k) and k or ("[" .. (scalar(k) or tostring(k)) .. "]")
    parts[#parts + 1] = key .. " = " .. format(t[k], depth + 1, seen)
    shown = shown + 1
  end
  seen[t] = nil
  local total = n + #keys
  if total > shown then parts[#parts + 1] = string.format("... (%d more)", total - shown) end
  return "{" .. table.concat(parts, ", ") .. "}"
end

format = function(v, depth, seen)
  local s = scalar(v)
  if s then return s end
  if type(v) == "table" then return format_table(v, depth, seen) end
  if type(v) == "function" then
    local doc = require("chaoslab")._docs().values[v]
    if doc then return "function " .. doc.name end
  end
  return tostring(v)
end

-- A one-line summary of any value.
function M.format(v)
  return format(v, 1, {})
end

-- Prints each value summarised, tab-separated, like print.
function M.print(...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = M.format((select(i, ...))) end
  print(table.concat(parts, "\t"))
end

return M
