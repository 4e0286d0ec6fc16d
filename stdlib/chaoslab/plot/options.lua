-- Option tables of chaoslab.plot: one spec list per function checks the user's table (unknown
-- keys with a suggestion, types, allowed values) in DESIGN.md's error format, fills defaults and
-- generates the help() entries, so the checks and the documentation cannot drift apart.
local cl = require "chaoslab"
local colormaps = require "chaoslab.plot.colormaps"
local nearest = require "chaoslab.nearest"

local M = {}

-- Errors raised inside the plot functions carry this metatable; M.entry turns them into a plain
-- message at the user's call site (error level 2 of the public function).
local PlotError = {}
PlotError.__tostring = function(e) return e.message end

function M.fail(message)
  error(setmetatable({ message = message }, PlotError), 0)
end

-- "fn: option 'name' <what>, got <value>"
function M.fail_option(fn, name, what, value)
  M.fail(string.format("%s: option '%s' %s, got %s", fn, name, what, M.describe(value)))
end

-- How a value looks in an error message, as the C++ bindings show it: numbers as %.14g,
-- strings quoted, chaoslab objects by their type name, other values by their Lua type.
function M.describe(v)
  local t = type(v)
  if t == "number" then
    if math.type(v) == "integer" then return tostring(v) end
    if v ~= v then return "nan" end
    return string.format("%.14g", v)
  end
  if t == "string" then return "'" .. v .. "'" end
  if t == "boolean" or t == "nil" then return tostring(v) end
  if t == "userdata" then return cl.type(v) end
  return t
end

-- Wraps impl(opts) as a public function: a positional check in Lua's own wording, and plot
-- errors re-raised at the caller's line (other errors pass unchanged).
function M.entry(short_name, impl)
  return function(opts, ...)
    if type(opts) ~= "table" then
      error(string.format("bad argument #1 to '%s' (table expected, got %s)", short_name,
        opts == nil and "no value" or cl.type(opts)), 2)
    end
    if select("#", ...) > 0 then
      error(string.format("bad argument #2 to '%s' (no value expected: options go in the table)", short_name), 2)
    end
    local ok, result = pcall(impl, opts)
    if ok then return result end
    if getmetatable(result) == PlotError then error(result.message, 2) end
    error(result, 0)
  end
end

-- Names users bring from matplotlib and other tools, mapped to ours (too far apart for the edit
-- distance to find).
local SYNONYMS = {
  colormap = "cmap", color_map = "cmap", colour_map = "cmap", colourmap = "cmap", palette = "cmap",
  logx = "xlog", logy = "ylog", xscale = "xlog", yscale = "ylog", semilogy = "ylog", semilogx = "xlog",
  filename = "file", path = "file", output = "file", out = "file", fontsize = "font_size",
  nbins = "bins", clim = "vmin", vcenter = "center", colorbar_label = "label", cbar_label = "label",
  yerr = "err", error = "err", errors = "err",
}

-- The closest of names to key: a known synonym, else the nearest by edit distance.
function M.suggest(key, names)
  local synonym = SYNONYMS[key:lower()]
  if synonym then
    for _, name in ipairs(names) do if name == synonym then return name end end
  end
  return nearest.closest(key, names)
end

local function is_array(v) return cl.type(v) == "chaoslab.Array" end
local function finite(v) return type(v) == "number" and v == v and v ~= math.huge and v ~= -math.huge end

-- Type checks by name: each returns true, or the text of what was expected.
local CHECKS = {
  string = function(v) return type(v) == "string" or "must be a string" end,
  boolean = function(v) return type(v) == "boolean" or "must be true or false" end,
  number = function(v) return finite(v) or "must be a finite number" end,
  positive = function(v) return (finite(v) and v > 0) or "must be > 0" end,
  count = function(v) return (math.type(v) == "integer" or (finite(v) and v == math.floor(v))) and v >= 1
    or "must be an integer >= 1" end,
  fraction = function(v) return (finite(v) and v >= 0 and v <= 1) or "must be in [0, 1]" end,
  table = function(v) return type(v) == "table" or "must be a table" end,
  color = function(v)
    return colormaps.is_color(v) or "must be a colour ('#rrggbb', '#rgb' or a name such as 'black')"
  end,
  cmap = function(v)
    return colormaps.exists(v)
      or ("must be one of " .. table.concat(colormaps.names, ", ") .. " (or one of them + '_r', reversed)")
  end,
  range = function(v)
    return (type(v) == "table" and finite(v[1]) and finite(v[2]) and v[1] < v[2])
      or "must be a table {lo, hi} of finite numbers with lo < hi"
  end,
  -- A list of numbers or a 1-D chaoslab.Array (the elements are checked where they are used).
  numbers = function(v)
    return (type(v) == "table" or (is_array(v) and v:ndim() == 1))
      or "must be a list of numbers or a 1-D chaoslab.Array"
  end,
  name_or_numbers = function(v)
    return (type(v) == "string" or type(v) == "table" or (is_array(v) and v:ndim() == 1))
      or "must be a name (with data = sweep results), a list of numbers or a 1-D chaoslab.Array"
  end,
  any = function() return true end,
}

-- Checks opts (a table) against specs; returns a new table with every declared option, defaults
-- filled in. prefix names the function in messages ("plot.heatmap" or "plot.grid: panels[2]").
-- `skip` lists keys the caller handles itself (e.g. 'kind' of a grid panel).
function M.check(prefix, opts, specs, skip)
  local by_name, names = {}, {}
  for _, s in ipairs(specs) do
    by_name[s.name] = s
    names[#names + 1] = s.name
  end
  -- Sorted so the reported unknown key does not depend on the table's hash order.
  local keys = {}
  for k in pairs(opts) do
    if type(k) ~= "string" then
      M.fail(string.format("%s: option names must be strings, got %s (a positional value in an option table?)",
        prefix, M.describe(k)))
    end
    keys[#keys + 1] = k
  end
  table.sort(keys)
  for _, k in ipairs(keys) do
    if not by_name[k] and not (skip and skip[k]) then
      local near = M.suggest(k, names)
      M.fail(string.format("%s: unknown option '%s'%s", prefix, k,
        near and (" (did you mean '" .. near .. "'?)") or ""))
    end
  end
  local out = {}
  for _, s in ipairs(specs) do
    local v = opts[s.name]
    if v == nil then
      if s.required then M.fail(string.format("%s: option '%s' is required (%s)", prefix, s.name, s.doc)) end
      out[s.name] = s.default
    else
      local check = CHECKS[s.type]
      assert(check, "plot options: unknown check type " .. tostring(s.type))
      local ok = check(v)
      if ok ~= true then M.fail_option(prefix, s.name, ok, v) end
      if s.values then
        local allowed = false
        for _, a in ipairs(s.values) do if a == v then allowed = true end end
        if not allowed then M.fail_option(prefix, s.name, "must be one of " .. table.concat(s.values, ", "), v) end
      end
      if s.validate then
        local why = s.validate(v)
        if why then M.fail_option(prefix, s.name, why, v) end
      end
      out[s.name] = v
    end
  end
  return out
end

-- The help() option list of specs: {name =, unit =, default =, doc =}.
function M.doc_entries(specs)
  local entries = {}
  for _, s in ipairs(specs) do
    local default = s.doc_default
    if default == nil then
      if s.required then default = "required"
      elseif s.default == nil then default = "none"
      elseif type(s.default) == "string" then default = "'" .. s.default .. "'"
      else default = tostring(s.default) end
    end
    entries[#entries + 1] = { name = s.name, unit = s.unit or "", default = default, doc = s.doc }
  end
  return entries
end

-- A spec list made of several (shared + specific), without the names in `drop`.
function M.merge(lists, drop)
  local out, seen = {}, {}
  for _, list in ipairs(lists) do
    for _, s in ipairs(list) do
      if not seen[s.name] and not (drop and drop[s.name]) then
        seen[s.name] = true
        out[#out + 1] = s
      end
    end
  end
  return out
end

M.is_array = is_array
M.finite = finite

return M
