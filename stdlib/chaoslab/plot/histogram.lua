-- plot.histogram: the distribution of a list of values as bars (counts or a density), with the
-- number of bins chosen like numpy's 'auto' (the larger of Sturges and Freedman-Diaconis).
local data = require "chaoslab.plot.data"
local frame = require "chaoslab.plot.frame"
local options = require "chaoslab.plot.options"
local svg = require "chaoslab.plot.svg"

local M = {}

local MAX_AUTO_BINS = 200

M.specs = {
  { name = "values", type = "any", doc_default = "required unless data",
    doc = "the values: a list or a chaoslab.Array (any shape, all elements)" },
  { name = "data", type = "table",
    doc = "sweep results: option 'value' names the result whose per-point values are counted" },
  { name = "value", type = "string", doc = "with data: the result (or axis) to count" },
  { name = "where", type = "table", doc = "with data: {axis = value, ...} picks the points counted" },
  { name = "units", type = "table", doc = "with data: {name = 'Hz'}, the unit added to the default x label" },
  { name = "bins", type = "any", doc_default = "auto (Sturges / Freedman-Diaconis, at most 200)",
    doc = "number of bins, or a list of increasing bin edges" },
  { name = "range", type = "range", unit = "values' unit", doc_default = "the data's range",
    doc = "{lo, hi} covered by the bins" },
  { name = "density", type = "boolean", default = false, doc = "bar areas sum to 1 (1/unit of x) instead of counts" },
  { name = "ylog", type = "boolean", default = false, doc = "logarithmic count axis (empty bins are not drawn)" },
  { name = "color", type = "color", default = "#1f77b4", doc = "bar colour" },
  { name = "xlabel", type = "string", doc_default = "value's name (unit) with data", doc = "x axis label" },
  { name = "ylabel", type = "string", doc_default = "'count' or 'density'", doc = "y axis label" },
  { name = "title", type = "string", doc = "title above the plot" },
}

local function finite(v) return v == v and v ~= math.huge and v ~= -math.huge end

-- Automatic bin count for n finite sorted values over [lo, hi].
local function auto_bins(sorted, lo, hi)
  local n = #sorted
  local sturges = math.ceil(math.log(n, 2)) + 1
  local q1, q3 = sorted[math.max(1, math.floor(0.25 * n + 0.5))], sorted[math.max(1, math.floor(0.75 * n + 0.5))]
  local iqr = q3 - q1
  local fd = 0
  if iqr > 0 then fd = math.ceil((hi - lo) / (2 * iqr / n ^ (1 / 3))) end
  return math.max(1, math.min(MAX_AUTO_BINS, math.max(sturges, fd)))
end

function M.prepare(o, fn)
  local values, xlabel
  if o.data ~= nil then
    if not data.is_results(o.data) then
      options.fail_option(fn, "data", "must be sweep results (a table with 'params')", o.data)
    end
    if o.values ~= nil then options.fail(fn .. ": give either 'values' or 'data' with 'value', not both") end
    if o.value == nil then options.fail(fn .. ": option 'value' is required with data (the result to count)") end
    local column = data.number_column(o.data, o.value, fn, "value")
    values = {}
    for _, i in ipairs(data.select(o.data, o.where, fn)) do values[#values + 1] = column[i] end
    xlabel = o.xlabel or data.label(o.value, data.units(o.data, o.units))
  else
    if o.value or o.where or o.units then
      options.fail(fn .. ": options 'value', 'where' and 'units' need data = sweep results")
    end
    if o.values == nil then
      options.fail(fn .. ": no data: give 'values' (a list or chaoslab.Array) or 'data' and 'value'")
    end
    if type(o.values) ~= "table" and not options.is_array(o.values) then
      options.fail_option(fn, "values", "must be a list of numbers or a chaoslab.Array", o.values)
    end
    values = data.flat_numbers(o.values, fn .. ": option 'values'")
    xlabel = o.xlabel
  end
  local kept = {}
  for _, v in ipairs(values) do if finite(v) then kept[#kept + 1] = v end end
  local dropped = #values - #kept
  if #kept == 0 then
    options.fail(fn .. (#values == 0 and ": no values to count (the data is empty)"
      or ": no finite values to count (all are NaN or infinite)"))
  end
  table.sort(kept)
  local lo, hi = kept[1], kept[#kept]
  if o.range then lo, hi = o.range[1], o.range[2] end
  local edges
  if type(o.bins) == "table" then
    edges = data.numbers(o.bins, fn .. ": option 'bins'")
    if #edges < 2 then options.fail_option(fn, "bins", "must list at least 2 edges", #edges .. " edges") end
    for i = 2, #edges do
      if not (edges[i] > edges[i - 1]) then
        options.fail(string.format("%s: option 'bins' must list increasing edges, got %s after %s (at [%d])", fn,
          options.describe(edges[i]), options.describe(edges[i - 1]), i))
      end
    end
  else
    local whole = type(o.bins) == "number" and o.bins == math.floor(o.bins) and o.bins >= 1 and o.bins <= 100000
    if o.bins ~= nil and not whole then
      options.fail_option(fn, "bins", "must be an integer in [1, 100000] or a list of bin edges", o.bins)
    end
    if hi <= lo then lo, hi = lo - 0.5, hi + 0.5 end
    local n = o.bins and math.floor(o.bins) or auto_bins(kept, lo, hi)
    edges = {}
    for i = 0, n do edges[i + 1] = lo + (hi - lo) * i / n end
    edges[n + 1] = hi
  end
  -- Bins are [e_i, e_i+1) with the last one closed, as numpy counts them.
  local counts, outside = {}, 0
  local nb = #edges - 1
  for i = 1, nb do counts[i] = 0 end
  for _, v in ipairs(kept) do
    if v < edges[1] or v > edges[nb + 1] then
      outside = outside + 1
    else
      local a, b = 1, nb
      while a < b do
        local mid = (a + b + 1) // 2
        if v >= edges[mid] then a = mid else b = mid - 1 end
      end
      counts[a] = counts[a] + 1
    end
  end
  local heights = {}
  local total = #kept - outside
  for i = 1, nb do
    heights[i] = o.density and (total > 0 and counts[i] / (total * (edges[i + 1] - edges[i])) or 0) or counts[i]
  end
  local top = 0
  for _, h in ipairs(heights) do top = math.max(top, h) end
  local y_axis
  if o.ylog then
    local smallest = math.huge
    for _, h in ipairs(heights) do if h > 0 then smallest = math.min(smallest, h) end end
    if smallest == math.huge then
      options.fail(fn .. ": option 'ylog' needs a non-empty bin, got none inside the range")
    end
    local ylo, yhi = frame.padded(smallest, top, "log", 0.05)
    y_axis = { scale = "log", lo = math.min(ylo, smallest / 2), hi = yhi }
  else
    y_axis = { scale = "linear", lo = 0, hi = top > 0 and top * 1.05 or 1, min_step = (not o.density) and 1 or nil }
  end
  y_axis.label = o.ylabel or (o.density and "density" or "count")
  local x_axis = { scale = "linear", lo = edges[1], hi = edges[nb + 1], label = xlabel }
  return { edges = edges, heights = heights, x_axis = x_axis, y_axis = y_axis, color = o.color, title = o.title,
    dropped = dropped, outside = outside, ylog = o.ylog }
end

function M.draw(doc, box, m, ctx)
  local fs = ctx.font_size
  local notes = {}
  if m.dropped > 0 then notes[#notes + 1] = string.format("%d NaN/inf not counted", m.dropped) end
  if m.outside > 0 then notes[#notes + 1] = string.format("%d outside the range", m.outside) end
  local f = frame.new(doc, box, { x = m.x_axis, y = m.y_axis, title = m.title, font_size = fs, id = ctx.id, fn = ctx.fn,
    note = #notes > 0 and table.concat(notes, ", ") or nil })
  f:defs()
  f:grid_lines()
  f:open_data("bars")
  local base = f.py(m.y_axis.lo)
  for i, h in ipairs(m.heights) do
    if not (m.ylog and h <= 0) then
      local x0, x1 = f.px(m.edges[i]), f.px(m.edges[i + 1])
      local y = h > 0 and f.py(h) or base
      doc:element("rect", { "class", "bar", "x", svg.num(x0), "y", svg.num(y), "width", svg.num(x1 - x0),
        "height", svg.num(base - y), "fill", m.color, "stroke", "#ffffff", "stroke-width", "0.5" })
    end
  end
  doc:close()
  f:axes()
end

return M
