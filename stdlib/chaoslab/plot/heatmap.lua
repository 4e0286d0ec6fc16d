-- plot.heatmap: a value over two axes (a sweep's grid or a matrix) as coloured cells, NaN cells
-- hatched, with a colour bar; the seed-000 chaos landscape is two of these.
local colorbar = require "chaoslab.plot.colorbar"
local colormaps = require "chaoslab.plot.colormaps"
local data = require "chaoslab.plot.data"
local frame = require "chaoslab.plot.frame"
local options = require "chaoslab.plot.options"
local svg = require "chaoslab.plot.svg"
local ticks = require "chaoslab.plot.ticks"

local M = {}

M.specs = options.merge { {
  { name = "data", type = "any", required = true,
    doc = "sweep results (chaoslab.sweep's return value), a 2-D chaoslab.Array or a table of rows "
      .. "(row 1 at the bottom)" },
  { name = "x", type = "name_or_numbers", doc_default = "1..columns",
    doc = "sweep results: the axis shown horizontally (a name); a matrix: the x value of each column" },
  { name = "y", type = "name_or_numbers", doc_default = "1..rows",
    doc = "sweep results: the axis shown vertically (a name); a matrix: the y value of each row" },
  { name = "value", type = "string", doc_default = "required with sweep results",
    doc = "sweep results: the result (or axis) that colours the cells, one number per point" },
  { name = "where", type = "table",
    doc = "sweep results with more than two axes: {axis = value, ...} picks the points shown" },
  { name = "units", type = "table", doc = "{name = 'mV', ...}: units added to the default labels" },
}, colorbar.scale_specs, {
  { name = "xlabel", type = "string", doc_default = "x's name (unit)", doc = "x axis label" },
  { name = "ylabel", type = "string", doc_default = "y's name (unit)", doc = "y axis label" },
  { name = "title", type = "string", doc = "title above the plot" },
} }

-- Cell edges from cell centres: half-way between neighbours, the outer cells as wide as their
-- neighbour (a single cell is one unit wide).
local function edges(centres)
  local n, e = #centres, {}
  if n == 1 then return { centres[1] - 0.5, centres[1] + 0.5 } end
  e[1] = centres[1] - (centres[2] - centres[1]) / 2
  for i = 1, n - 1 do e[i + 1] = (centres[i] + centres[i + 1]) / 2 end
  e[n + 1] = centres[n] + (centres[n] - centres[n - 1]) / 2
  return e
end

-- An axis over cells: numeric centres (few cells: a tick on each centre, labelled with its value;
-- many: nice ticks) or text categories (a tick per category).
local function cell_axis(values, label)
  if type(values[1]) == "string" then
    local list, e = {}, {}
    for i, v in ipairs(values) do list[i] = { value = i, label = v } end
    for i = 0, #values do e[i + 1] = i + 0.5 end
    return { scale = "linear", lo = 0.5, hi = #values + 0.5, label = label, ticks = list }, e
  end
  local e = edges(values)
  local axis = { scale = "linear", lo = e[1], hi = e[#e], label = label }
  if #values <= 12 then
    axis.ticks = {}
    for i, v in ipairs(values) do axis.ticks[i] = { value = v, label = ticks.short(v) } end
  end
  return axis, e
end

local function check_increasing(values, fn, option)
  for i = 2, #values do
    if not (values[i] > values[i - 1]) then
      options.fail(string.format("%s: option '%s' must be increasing, got %s after %s (at [%d])", fn, option,
        options.describe(values[i]), options.describe(values[i - 1]), i))
    end
  end
  for i, v in ipairs(values) do
    if not options.finite(v) then
      options.fail(string.format("%s: option '%s' must hold finite numbers, got %s at [%d]", fn, option,
        options.describe(v), i))
    end
  end
end

-- Sweep results -> matrix over the distinct x and y values of the selected points.
local function from_results(o, fn)
  local results = o.data
  for _, name in ipairs { "x", "y" } do
    if type(o[name]) ~= "string" then
      options.fail_option(fn, name, "must name an axis of the sweep (a string) when data is sweep results", o[name])
    end
  end
  if o.value == nil then
    options.fail(fn .. ": option 'value' is required with sweep results (the result to colour)")
  end
  if o.x == o.y then options.fail_option(fn, "y", "must differ from x", o.y) end
  local keep = data.select(results, o.where, fn)
  local xs = data.column(results, o.x, fn, "x")
  local ys = data.column(results, o.y, fn, "y")
  local zs = data.number_column(results, o.value, fn, "value")
  local kx, ky = {}, {}
  for _, i in ipairs(keep) do kx[#kx + 1], ky[#ky + 1] = xs[i], ys[i] end
  local ux, uy = data.unique(kx), data.unique(ky)
  if #ux == 0 or #uy == 0 then options.fail(fn .. ": no points to show") end
  local z, owner = {}, {}
  for r = 1, #uy do
    z[r], owner[r] = {}, {}
    for c = 1, #ux do z[r][c] = 0 / 0 end
  end
  for _, i in ipairs(keep) do
    local c, r = data.index_of(ux, xs[i]), data.index_of(uy, ys[i])
    if c and r then
      if owner[r][c] then
        local _, axes = data.result_names(results)
        local others = {}
        for _, a in ipairs(axes) do
          if a ~= o.x and a ~= o.y and not (o.where and o.where[a] ~= nil) then others[#others + 1] = a end
        end
        options.fail(string.format("%s: points %d and %d both sit at %s = %s, %s = %s; pick one value of the "
          .. "other axes "
          .. "(%s) with option 'where'", fn, owner[r][c], i, o.x, ticks.short(xs[i]), o.y, ticks.short(ys[i]),
          #others > 0 and table.concat(others, ", ") or "none"))
      end
      owner[r][c] = i
      z[r][c] = zs[i]
    end
  end
  local units = data.units(results, o.units)
  return z, ux, uy, o.xlabel or data.label(o.x, units), o.ylabel or data.label(o.y, units),
    o.label or data.label(o.value, units)
end

local function from_matrix(o, fn)
  if o.value ~= nil then
    options.fail_option(fn, "value", "names a sweep result; leave it out when data is a matrix", o.value)
  end
  if o.where ~= nil then
    options.fail(fn .. ": option 'where' selects sweep points; leave it out when data is a matrix")
  end
  if o.units ~= nil then
    options.fail(fn .. ": option 'units' labels sweep names; with a matrix put the units into xlabel, ylabel and label")
  end
  local rows, nrows, ncols = data.matrix(o.data, fn .. ": option 'data'")
  local function coords(name, n)
    if o[name] == nil then
      local list = {}
      for i = 1, n do list[i] = i end
      return list
    end
    if type(o[name]) == "string" then
      options.fail_option(fn, name, "must be a list of numbers when data is a matrix (names are for sweep results)",
        o[name])
    end
    local list = data.numbers(o[name], fn .. ": option '" .. name .. "'")
    if #list ~= n then
      options.fail(string.format("%s: option '%s' has %d values for %d %s of data", fn, name, #list, n,
        name == "x" and "columns" or "rows"))
    end
    check_increasing(list, fn, name)
    return list
  end
  return rows, coords("x", ncols), coords("y", nrows), o.xlabel, o.ylabel, o.label
end

-- Checks and converts the options; everything that can fail fails here, before any drawing.
function M.prepare(o, fn)
  local z, xs, ys, xlabel, ylabel, label
  if data.is_results(o.data) then
    z, xs, ys, xlabel, ylabel, label = from_results(o, fn)
  else
    z, xs, ys, xlabel, ylabel, label = from_matrix(o, fn)
  end
  local flat = {}
  for _, row in ipairs(z) do for _, v in ipairs(row) do flat[#flat + 1] = v end end
  local lo, hi = data.finite_range(flat)
  local vmin, vmax = o.vmin or lo or 0, o.vmax or hi or 1
  if o.center then
    local half = math.max(math.abs(vmax - o.center), math.abs(vmin - o.center))
    if o.vmin == nil and o.vmax == nil then vmin, vmax = o.center - half, o.center + half end
  end
  if o.vmin and o.vmax and not (o.vmax > o.vmin) then
    options.fail_option(fn, "vmax", "must be > vmin (" .. options.describe(o.vmin) .. ")", o.vmax)
  end
  if vmax <= vmin then
    -- One value everywhere (or limits given on one side only): widen so the bar has a range.
    local half = vmin == 0 and 0.5 or math.abs(vmin) * 0.1
    if o.vmax then vmin = vmax - 2 * half elseif o.vmin then vmax = vmin + 2 * half
    else vmin, vmax = vmin - half, vmax + half end
  end
  local nan = 0
  for _, v in ipairs(flat) do if v ~= v then nan = nan + 1 end end
  local x_axis, x_edges = cell_axis(xs, xlabel)
  local y_axis, y_edges = cell_axis(ys, ylabel)
  return { z = z, x_axis = x_axis, y_axis = y_axis, x_edges = x_edges, y_edges = y_edges, vmin = vmin, vmax = vmax,
    cmap = o.cmap, label = label, title = o.title, nan = nan, cells = #flat }
end

-- Draws the prepared heatmap into box of doc; ctx = {id =, font_size =, fn =}.
function M.draw(doc, box, m, ctx)
  local fs = ctx.font_size
  local nan_note = m.nan > 0 and string.format("no value (%d)", m.nan) or nil
  local right = colorbar.width(m.vmin, m.vmax, box.h - 80, fs, m.label, nan_note)
  local f = frame.new(doc, box, { x = m.x_axis, y = m.y_axis, title = m.title, font_size = fs, id = ctx.id,
    right = right, fn = ctx.fn })
  local gradient_id, hatch_id = ctx.id .. "-cbar", ctx.id .. "-nan"
  local defs = colorbar.gradient(gradient_id, m.cmap)
  -- NaN cells: light grey with dark diagonal hatching, visible on every colour map.
  defs[#defs + 1] = svg.open("pattern", { "id", hatch_id, "width", "6", "height", "6", "patternUnits", "userSpaceOnUse",
    "patternTransform", "rotate(45)" })
  defs[#defs + 1] = "  " .. svg.element("rect", { "width", "6", "height", "6", "fill", "#dddddd" })
  defs[#defs + 1] = "  " .. svg.element("path", { "d", "M0 0v6", "stroke", "#777777", "stroke-width", "2" })
  defs[#defs + 1] = "</pattern>"
  f:defs(defs)
  local color = colormaps.get(m.cmap)
  local span = m.vmax - m.vmin
  doc:open("g", { "class", "cells", "shape-rendering", "crispEdges" })
  for r, row in ipairs(m.z) do
    -- Cell edges are rounded once, so neighbours share an edge exactly and no hairline gaps show.
    local y0, y1 = svg.num(f.py(m.y_edges[r + 1])), svg.num(f.py(m.y_edges[r]))
    for c, v in ipairs(row) do
      local x0, x1 = svg.num(f.px(m.x_edges[c])), svg.num(f.px(m.x_edges[c + 1]))
      local w, h = svg.num(tonumber(x1) - tonumber(x0)), svg.num(tonumber(y1) - tonumber(y0))
      if v ~= v then
        doc:element("rect", { "class", "nan-cell", "x", x0, "y", y0, "width", w, "height", h,
          "fill", "url(#" .. hatch_id .. ")" })
      else
        doc:element("rect", { "class", "cell", "x", x0, "y", y0, "width", w, "height", h,
          "fill", color((v - m.vmin) / span) })
      end
    end
  end
  doc:close()
  f:axes()
  colorbar.draw(doc, f, { gradient_id = gradient_id, vmin = m.vmin, vmax = m.vmax, label = m.label, nan_note = nan_note,
    hatch_id = hatch_id })
end

return M
