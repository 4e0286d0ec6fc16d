-- Data intake of chaoslab.plot: plain tables, chaoslab arrays (1-D and 2-D) and sweep results
-- become Lua lists and matrices of numbers; sweep points are looked up by name and gridded.
local options = require "chaoslab.plot.options"

local M = {}

local fail, describe, is_array = options.fail, options.describe, options.is_array

-- A Lua list of numbers (NaN kept) from a list or a 1-D chaoslab.Array; `what` names the value
-- in messages ("plot.lines: option 'x'"). Arrays are copied once, with totable (one C++ call).
function M.numbers(v, what)
  if is_array(v) then
    if v:ndim() ~= 1 then
      fail(string.format("%s must be 1-D, got a chaoslab.Array of shape %s", what, table.concat(v:shape(), "x")))
    end
    return v:totable()
  end
  if type(v) ~= "table" then
    fail(string.format("%s must be a list of numbers or a 1-D chaoslab.Array, got %s", what, describe(v)))
  end
  local out = {}
  for i = 1, #v do
    local x = v[i]
    if type(x) ~= "number" then fail(string.format("%s must hold numbers, got %s at [%d]", what, describe(x), i)) end
    out[i] = x + 0.0
  end
  return out
end

-- All elements of an array of any shape, or of a (possibly nested) table, as a flat list.
function M.flat_numbers(v, what)
  if is_array(v) then return v:ndim() == 1 and v:totable() or v:reshape({ v:size() }):totable() end
  if type(v) == "table" and type(v[1]) == "table" then
    local out = {}
    for i, row in ipairs(v) do
      for _, x in ipairs(M.numbers(row, string.format("%s[%d]", what, i))) do out[#out + 1] = x end
    end
    return out
  end
  return M.numbers(v, what)
end

-- rows[i][j] from a 2-D chaoslab.Array or a table of equally long rows of numbers.
function M.matrix(v, what)
  local rows
  if is_array(v) then
    if v:ndim() ~= 2 then
      fail(string.format("%s must be 2-D (rows x columns), got a chaoslab.Array of shape %s", what,
        table.concat(v:shape(), "x")))
    end
    rows = v:totable()
  elseif type(v) == "table" then
    rows = {}
    for i = 1, #v do
      if type(v[i]) ~= "table" and not is_array(v[i]) then
        fail(string.format("%s must be a table of rows (a matrix), got %s at [%d]", what, describe(v[i]), i))
      end
      rows[i] = M.numbers(v[i], string.format("%s[%d]", what, i))
    end
  else
    fail(string.format("%s must be a 2-D chaoslab.Array, a table of rows or sweep results, got %s", what, describe(v)))
  end
  if #rows == 0 or #rows[1] == 0 then fail(what .. " is empty") end
  for i = 2, #rows do
    if #rows[i] ~= #rows[1] then
      fail(string.format("%s has rows of different lengths: row 1 has %d values, row %d has %d", what, #rows[1], i,
        #rows[i]))
    end
  end
  return rows, #rows, #rows[1]
end

-- Sweep results (chaoslab.sweep's return value): a table with a 'params' table of axes.
function M.is_results(v)
  return type(v) == "table" and type(v.params) == "table" and not is_array(v.params)
end

local RESERVED = { params = true, status = true, errors = true, info = true }

-- The axis and result names of sweep results, sorted (axes first).
function M.result_names(results)
  local axes, keys = {}, {}
  for k in pairs(results.params) do if type(k) == "string" then axes[#axes + 1] = k end end
  for k in pairs(results) do
    if type(k) == "string" and not RESERVED[k] then keys[#keys + 1] = k end
  end
  table.sort(axes)
  table.sort(keys)
  local all = {}
  for _, k in ipairs(axes) do all[#all + 1] = k end
  for _, k in ipairs(keys) do all[#all + 1] = k end
  return all, axes
end

-- The number of points of sweep results.
function M.point_count(results)
  if type(results.info) == "table" and math.type(results.info.points) == "integer" then return results.info.points end
  local _, column = next(results.params) -- every column has one entry per point
  return column and #column or 0
end

-- The per-point values of axis or result `name` (numbers, NaN where a point has none, or strings).
-- fn/option name the caller in messages.
function M.column(results, name, fn, option)
  local column = results.params[name]
  local is_axis = column ~= nil
  if column == nil and not RESERVED[name] then column = results[name] end
  if column == nil then
    local names = M.result_names(results)
    local near = options.suggest(name, names)
    fail(string.format("%s: option '%s' names no axis or result of the sweep, got '%s'%s; it has %s", fn, option, name,
      near and (" (did you mean '" .. near .. "'?)") or "", table.concat(names, ", ")))
  end
  local n = M.point_count(results)
  local values
  if is_array(column) then
    if column:ndim() ~= 1 then
      local shape = column:shape()
      table.remove(shape, 1)
      fail(string.format(
        "%s: option '%s' names '%s', which holds %s values per point; a plot needs one number per point",
        fn, option, name, table.concat(shape, "x")))
    end
    values = column:totable()
  elseif type(column) == "table" then
    values = {}
    for i = 1, n do values[i] = column[i] end
  else
    fail(string.format("%s: option '%s' names '%s', which is a %s, not one value per point", fn, option, name,
      type(column)))
  end
  if #values ~= n then
    fail(string.format("%s: option '%s' names '%s' with %d values for %d points", fn, option, name, #values, n))
  end
  return values, is_axis
end

-- The per-point values of `name` as numbers (strings are refused: they cannot be coloured or placed).
function M.number_column(results, name, fn, option)
  local values = M.column(results, name, fn, option)
  for i, v in ipairs(values) do
    if type(v) ~= "number" then
      fail(string.format("%s: option '%s' names '%s', which holds text ('%s' at point %d), not numbers", fn, option,
        name, tostring(v), i))
    end
  end
  return values
end

local function same(a, b)
  if type(a) == "number" and type(b) == "number" then
    return a == b or math.abs(a - b) <= 1e-12 * math.max(1, math.abs(a), math.abs(b))
  end
  return a == b
end

-- The point indices kept by option `where` ({axis = value, ...}); all points without it.
function M.select(results, where, fn)
  local n = M.point_count(results)
  local keep = {}
  for i = 1, n do keep[#keep + 1] = i end
  if not where then return keep end
  local axes = {}
  for axis in pairs(where) do
    if type(axis) ~= "string" then options.fail_option(fn, "where", "must be a table {axis = value, ...}", axis) end
    axes[#axes + 1] = axis
  end
  table.sort(axes)
  for _, axis in ipairs(axes) do
    local column = results.params[axis]
    if column == nil then
      local _, all_axes = M.result_names(results)
      local near = options.suggest(axis, all_axes)
      fail(string.format("%s: option 'where' names no axis of the sweep, got '%s'%s; the axes are %s", fn, axis,
        near and (" (did you mean '" .. near .. "'?)") or "", table.concat(all_axes, ", ")))
    end
    local values = M.column(results, axis, fn, "where")
    local wanted, kept, seen = where[axis], {}, {}
    for _, i in ipairs(keep) do if same(values[i], wanted) then kept[#kept + 1] = i end end
    if #kept == 0 then
      local distinct = M.unique(values)
      for j, v in ipairs(distinct) do seen[j] = type(v) == "number" and string.format("%.6g", v) or tostring(v) end
      fail(string.format("%s: option 'where' selects no point: %s = %s is not among its values %s", fn, axis,
        describe(wanted), table.concat(seen, ", ")))
    end
    keep = kept
  end
  return keep
end

-- Distinct values of a list: numbers ascending (NaN left out), strings in order of appearance.
function M.unique(values)
  local out, seen = {}, {}
  for _, v in ipairs(values) do
    if v == v and not seen[v] then
      local dup = false
      if type(v) == "number" then
        for _, u in ipairs(out) do if same(u, v) then dup = true break end end
      end
      if not dup then out[#out + 1] = v end
      seen[v] = true
    end
  end
  if type(out[1]) == "number" then table.sort(out) end
  return out
end

-- The position (1-based) of v in the distinct list, tolerant of rounding in the sweep's values.
function M.index_of(list, v)
  for i, u in ipairs(list) do if same(u, v) then return i end end
  return nil
end

-- "name (unit)" when units has a non-empty unit for name.
function M.label(name, units)
  local unit = units and units[name]
  if type(unit) == "string" and unit ~= "" then return name .. " (" .. unit .. ")" end
  return name
end

-- The units known for sweep results: the option's table over results.info.units (if any).
function M.units(results, given)
  local units = {}
  if type(results) == "table" and type(results.info) == "table" and type(results.info.units) == "table" then
    for k, v in pairs(results.info.units) do units[k] = v end
  end
  if given then for k, v in pairs(given) do units[k] = v end end
  return units
end

-- Finite min and max of a list (nil, nil when there is none).
function M.finite_range(values)
  local lo, hi = math.huge, -math.huge
  for _, v in ipairs(values) do
    if v == v and v ~= math.huge and v ~= -math.huge then
      if v < lo then lo = v end
      if v > hi then hi = v end
    end
  end
  if lo > hi then return nil, nil end
  return lo, hi
end

return M
