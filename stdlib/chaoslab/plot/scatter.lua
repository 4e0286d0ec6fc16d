-- plot.scatter: points (x, y), optionally coloured by a third value through a colour map with a
-- colour bar; points with NaN coordinates are counted and left out, NaN values drawn hollow.
local colorbar = require "chaoslab.plot.colorbar"
local colormaps = require "chaoslab.plot.colormaps"
local data = require "chaoslab.plot.data"
local frame = require "chaoslab.plot.frame"
local lines = require "chaoslab.plot.lines"
local options = require "chaoslab.plot.options"
local svg = require "chaoslab.plot.svg"

local M = {}

M.specs = options.merge { {
  { name = "x", type = "name_or_numbers", required = true, doc = "x values, or an axis/result name with data" },
  { name = "y", type = "name_or_numbers", required = true, doc = "y values, or an axis/result name with data" },
  { name = "value", type = "name_or_numbers", doc = "colours the points through cmap (values, or a name with data)" },
  { name = "data", type = "table", doc = "sweep results: x, y and value then name its axes and results" },
  { name = "where", type = "table", doc = "with data: {axis = value, ...} picks the points shown" },
  { name = "units", type = "table", doc = "with data: {name = 'Hz', ...}, units added to the default labels" },
}, colorbar.scale_specs, {
  { name = "color", type = "color", default = "#1f77b4", doc = "point colour when there is no value" },
  { name = "radius", type = "positive", default = 3, unit = "px", doc = "point radius" },
  { name = "opacity", type = "fraction", default = 0.8, doc = "point opacity (overlaps stay visible)" },
  { name = "xlog", type = "boolean", default = false, doc = "logarithmic x axis (x must be > 0)" },
  { name = "ylog", type = "boolean", default = false, doc = "logarithmic y axis (y must be > 0)" },
  { name = "xlim", type = "range", unit = "x's unit", doc_default = "the data's range + 3 %",
    doc = "{lo, hi} of the x axis" },
  { name = "ylim", type = "range", unit = "y's unit", doc_default = "the data's range + 5 %",
    doc = "{lo, hi} of the y axis" },
  { name = "xlabel", type = "string", doc_default = "x's name (unit) with data", doc = "x axis label" },
  { name = "ylabel", type = "string", doc_default = "y's name (unit) with data", doc = "y axis label" },
  { name = "title", type = "string", doc = "title above the plot" },
} }

function M.prepare(o, fn)
  local x, y, value, xlabel, ylabel, label
  if o.data ~= nil then
    if not data.is_results(o.data) then
      options.fail_option(fn, "data", "must be sweep results (a table with 'params'); plain values go in x and y",
        o.data)
    end
    for _, name in ipairs { "x", "y", "value" } do
      if o[name] ~= nil and type(o[name]) ~= "string" then
        options.fail_option(fn, name, "must name an axis or result of the sweep (a string) when data is given", o[name])
      end
    end
    local keep = data.select(o.data, o.where, fn)
    local cx = data.number_column(o.data, o.x, fn, "x")
    local cy = data.number_column(o.data, o.y, fn, "y")
    local cv = o.value and data.number_column(o.data, o.value, fn, "value")
    x, y, value = {}, {}, cv and {} or nil
    for k, i in ipairs(keep) do
      x[k], y[k] = cx[i], cy[i]
      if cv then value[k] = cv[i] end
    end
    local units = data.units(o.data, o.units)
    xlabel, ylabel = o.xlabel or data.label(o.x, units), o.ylabel or data.label(o.y, units)
    label = o.label or (o.value and data.label(o.value, units))
  else
    if o.where or o.units then options.fail(fn .. ": options 'where' and 'units' need data = sweep results") end
    for _, name in ipairs { "x", "y", "value" } do
      if type(o[name]) == "string" then
        options.fail_option(fn, name, "is a name, which needs data = sweep results", o[name])
      end
    end
    x = data.numbers(o.x, fn .. ": option 'x'")
    y = data.numbers(o.y, fn .. ": option 'y'")
    value = o.value and data.numbers(o.value, fn .. ": option 'value'")
    xlabel, ylabel, label = o.xlabel, o.ylabel, o.label
  end
  if #x ~= #y then options.fail(string.format("%s: x and y differ in length (%d x, %d y)", fn, #x, #y)) end
  if value and #value ~= #x then
    options.fail(string.format("%s: option 'value' has %d values for %d points", fn, #value, #x))
  end
  local x_axis, y_axis, shown = lines.limits({ { x = x, y = y } }, o, fn, 0.03, true)
  x_axis.label, y_axis.label = xlabel, ylabel
  local m = { x = x, y = y, value = value, x_axis = x_axis, y_axis = y_axis, hidden = #x - shown, color = o.color,
    radius = o.radius, opacity = o.opacity, cmap = o.cmap, label = label, title = o.title }
  if value then
    local lo, hi = data.finite_range(value)
    local vmin, vmax = o.vmin or lo or 0, o.vmax or hi or 1
    if o.center and o.vmin == nil and o.vmax == nil then
      local half = math.max(math.abs(vmax - o.center), math.abs(vmin - o.center))
      vmin, vmax = o.center - half, o.center + half
    end
    if o.vmin and o.vmax and not (o.vmax > o.vmin) then
      options.fail_option(fn, "vmax", "must be > vmin (" .. options.describe(o.vmin) .. ")", o.vmax)
    end
    if vmax <= vmin then
      local half = vmin == 0 and 0.5 or math.abs(vmin) * 0.1
      vmin, vmax = vmin - half, vmax + half
    end
    m.vmin, m.vmax = vmin, vmax
    m.nan_values = 0
    for k = 1, #value do
      if value[k] ~= value[k] and x[k] == x[k] and y[k] == y[k] then m.nan_values = m.nan_values + 1 end
    end
  elseif o.cmap ~= "viridis" or o.vmin or o.vmax or o.center then
    options.fail(fn .. ": options cmap, vmin, vmax and center colour by 'value', which is not given")
  end
  return m
end

local function finite(v) return v == v and v ~= math.huge and v ~= -math.huge end

function M.draw(doc, box, m, ctx)
  local fs = ctx.font_size
  local nan_note = m.value and m.nan_values > 0 and string.format("no value (%d)", m.nan_values) or nil
  local right = m.value and colorbar.width(m.vmin, m.vmax, box.h - 80, fs, m.label, nan_note) or nil
  local note = m.hidden > 0 and string.format("%d point%s with NaN x or y not shown", m.hidden,
    m.hidden == 1 and "" or "s") or nil
  local f = frame.new(doc, box, { x = m.x_axis, y = m.y_axis, title = m.title, font_size = fs, id = ctx.id, fn = ctx.fn,
    right = right, note = note })
  local gradient_id, hatch_id = ctx.id .. "-cbar", ctx.id .. "-nan"
  local defs = m.value and colorbar.gradient(gradient_id, m.cmap) or {}
  if nan_note then
    defs[#defs + 1] = svg.open("pattern",
      { "id", hatch_id, "width", "11", "height", "11", "patternUnits", "userSpaceOnUse" })
    defs[#defs + 1] = "  " .. svg.element("rect", { "width", "11", "height", "11", "fill", "#ffffff" })
    defs[#defs + 1] = "  " .. svg.element("circle",
      { "cx", "5.5", "cy", "5.5", "r", "3.5", "fill", "none", "stroke", "#888888" })
    defs[#defs + 1] = "</pattern>"
  end
  f:defs(defs)
  f:grid_lines()
  f:open_data("points")
  local color = m.value and colormaps.get(m.cmap)
  local span = m.value and (m.vmax - m.vmin)
  for k = 1, #m.x do
    local x, y = m.x[k], m.y[k]
    if finite(x) and finite(y) then
      local cx, cy = svg.num(f.px(x)), svg.num(f.py(y))
      local v = m.value and m.value[k]
      if v ~= nil and v ~= v then
        doc:element("circle", { "class", "nan-point", "cx", cx, "cy", cy, "r", svg.num(m.radius), "fill", "none",
          "stroke", "#888888", "stroke-width", "1" })
      else
        doc:element("circle", { "class", "point", "cx", cx, "cy", cy, "r", svg.num(m.radius),
          "fill", v and color((v - m.vmin) / span) or m.color, "fill-opacity", svg.num(m.opacity) })
      end
    end
  end
  doc:close()
  f:axes()
  if m.value then
    colorbar.draw(doc, f, { gradient_id = gradient_id, vmin = m.vmin, vmax = m.vmax, label = m.label,
      nan_note = nan_note,
      hatch_id = hatch_id })
  end
end

return M
