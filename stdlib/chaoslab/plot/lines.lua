-- plot.lines: several series of y against x with a legend, optional log axes and error bands
-- (y +- err or lo..hi); NaN values break a line instead of being joined over.
local colormaps = require "chaoslab.plot.colormaps"
local data = require "chaoslab.plot.data"
local frame = require "chaoslab.plot.frame"
local legend = require "chaoslab.plot.legend"
local options = require "chaoslab.plot.options"
local svg = require "chaoslab.plot.svg"
local ticks = require "chaoslab.plot.ticks"

local M = {}

local DASHES = { solid = nil, dashed = "6 4", dotted = "1.5 3" }

-- Keys of one entry of option 'series'.
M.series_specs = {
  { name = "y", type = "numbers", required = true, doc = "y values" },
  { name = "x", type = "numbers", doc_default = "1..#y", doc = "x values, one per y" },
  { name = "err", type = "numbers", doc = "half-width of the error band around y, one per y" },
  { name = "lo", type = "numbers", doc = "lower edge of the error band (with hi, instead of err)" },
  { name = "hi", type = "numbers", doc = "upper edge of the error band" },
  { name = "label", type = "string", doc = "legend entry" },
  { name = "color", type = "color", doc_default = "palette", doc = "line colour" },
  { name = "dash", type = "string", values = { "solid", "dashed", "dotted" }, default = "solid", doc = "line style" },
}

M.specs = {
  { name = "series", type = "table", doc_default = "one series from x and y",
    doc = "list of series {x =, y =, err = | lo =, hi =, label =, color =, dash = 'solid' | 'dashed' | 'dotted'}" },
  { name = "data", type = "table", doc = "sweep results: x, y, err (and by) then name its axes and results" },
  { name = "x", type = "name_or_numbers", doc_default = "1..#y", doc = "x values (one series), or a name with data" },
  { name = "y", type = "name_or_numbers", doc = "y values (one series), or a name with data" },
  { name = "err", type = "name_or_numbers", doc = "error band half-width (one series), or a result name with data" },
  { name = "lo", type = "numbers", doc = "lower band edge (one series)" },
  { name = "hi", type = "numbers", doc = "upper band edge (one series)" },
  { name = "label", type = "string", doc = "legend entry (one series)" },
  { name = "by", type = "string", doc = "with data: one series per value of this axis" },
  { name = "where", type = "table", doc = "with data: {axis = value, ...} picks the points shown" },
  { name = "units", type = "table", doc = "with data: {name = 'ms', ...}, units added to the default labels" },
  { name = "xlog", type = "boolean", default = false, doc = "logarithmic x axis (x must be > 0)" },
  { name = "ylog", type = "boolean", default = false,
    doc = "logarithmic y axis (y must be > 0; band edges <= 0 are clipped)" },
  { name = "xlim", type = "range", doc_default = "the data's range", unit = "x's unit",
    doc = "{lo, hi} of the x axis" },
  { name = "ylim", type = "range", doc_default = "the data's range + 5 %", unit = "y's unit",
    doc = "{lo, hi} of the y axis" },
  { name = "markers", type = "boolean", default = false, doc = "also mark each point with a dot" },
  { name = "legend", type = "string", values = legend.positions, default = "best",
    doc = "legend position (series with a label): " .. table.concat(legend.positions, ", ") },
  { name = "xlabel", type = "string", doc_default = "x's name (unit) with data", doc = "x axis label" },
  { name = "ylabel", type = "string", doc_default = "y's name (unit) with data", doc = "y axis label" },
  { name = "title", type = "string", doc = "title above the plot" },
}

-- Series from sweep results: points sorted by x, one series per distinct value of `by`.
local function from_results(o, fn)
  local results = o.data
  for _, name in ipairs { "x", "y" } do
    if type(o[name]) ~= "string" then
      options.fail_option(fn, name, "must name an axis or result of the sweep (a string) when data is given", o[name])
    end
  end
  if o.err ~= nil and type(o.err) ~= "string" then
    options.fail_option(fn, "err", "must name a result of the sweep (a string) when data is given", o.err)
  end
  if o.series or o.lo or o.hi then
    options.fail(fn .. ": with data, give x, y (err, by) as names; not series, lo or hi")
  end
  local keep = data.select(results, o.where, fn)
  local xs = data.number_column(results, o.x, fn, "x")
  local ys = data.number_column(results, o.y, fn, "y")
  local errs = o.err and data.number_column(results, o.err, fn, "err")
  local units = data.units(results, o.units)
  local groups, order = {}, {}
  local by_values = o.by and data.column(results, o.by, fn, "by")
  for _, i in ipairs(keep) do
    local key = by_values and by_values[i] or 1
    if not groups[key] then groups[key] = {}; order[#order + 1] = key end
    local g = groups[key]
    g[#g + 1] = i
  end
  if type(order[1]) == "number" then table.sort(order) end
  local series = {}
  for _, key in ipairs(order) do
    local idx = groups[key]
    -- Ties broken by point number, so the order (and a duplicate's message) is reproducible.
    -- NaN x (a failed point) go last.
    table.sort(idx, function(a, b)
      local xa, xb = xs[a], xs[b]
      if xa ~= xa or xb ~= xb then
        if (xa ~= xa) ~= (xb ~= xb) then return xb ~= xb end
        return a < b
      end
      if xa ~= xb then return xa < xb end
      return a < b
    end)
    local s = { x = {}, y = {} }
    if errs then s.err = {} end
    for k, i in ipairs(idx) do
      if k > 1 and xs[idx[k - 1]] == xs[i] then
        options.fail(string.format(
          "%s: points %d and %d share %s = %s; split them with option 'by' or pick one with 'where'",
          fn, idx[k - 1], i, o.x, ticks.short(xs[i])))
      end
      s.x[k], s.y[k] = xs[i], ys[i]
      if errs then s.err[k] = errs[i] end
    end
    if by_values then
      local unit = units[o.by]
      s.label = o.by .. " = " .. (type(key) == "number" and ticks.short(key) or tostring(key))
        .. ((unit and unit ~= "") and (" " .. unit) or "")
    else
      s.label = o.label
    end
    series[#series + 1] = s
  end
  return series, o.xlabel or data.label(o.x, units), o.ylabel or data.label(o.y, units)
end

-- Series from option 'series' or from x/y/err/lo/hi/label.
local function from_lists(o, fn)
  if o.by or o.where or o.units then
    options.fail(fn .. ": options 'by', 'where' and 'units' need data = sweep results")
  end
  local raw = {}
  if o.series then
    if o.y or o.x or o.err or o.lo or o.hi then
      options.fail(fn .. ": give either 'series' or x/y (one series), not both")
    end
    for k in pairs(o.series) do
      if math.type(k) ~= "integer" then options.fail_option(fn, "series", "must be a list of series tables", k) end
    end
    for i, s in ipairs(o.series) do
      local where = string.format("%s: series[%d]", fn, i)
      if type(s) ~= "table" then
        options.fail(string.format("%s must be a table {x =, y =, ...}, got %s", where, options.describe(s)))
      end
      raw[i] = { o = options.check(where, s, M.series_specs), where = where }
    end
  elseif o.y then
    for _, name in ipairs { "x", "y", "err" } do
      if type(o[name]) == "string" then
        options.fail_option(fn, name, "is a name, which needs data = sweep results", o[name])
      end
    end
    raw[1] = { o = { x = o.x, y = o.y, err = o.err, lo = o.lo, hi = o.hi, label = o.label, dash = "solid" },
      where = fn }
  else
    options.fail(fn .. ": no data: give 'series', 'y' (and 'x'), or 'data' with x and y names")
  end
  local series = {}
  for i, r in ipairs(raw) do
    local so, where = r.o, r.where
    local y = data.numbers(so.y, where .. ": option 'y'")
    local x
    if so.x then
      x = data.numbers(so.x, where .. ": option 'x'")
    else
      x = {}
      for k = 1, #y do x[k] = k end
    end
    if #x ~= #y then options.fail(string.format("%s: x and y differ in length (%d x, %d y)", where, #x, #y)) end
    local s = { x = x, y = y, label = so.label, color = so.color, dash = so.dash }
    if so.err and (so.lo or so.hi) then options.fail(where .. ": give either 'err' or 'lo' and 'hi', not both") end
    if (so.lo == nil) ~= (so.hi == nil) then options.fail(where .. ": options 'lo' and 'hi' go together") end
    for _, name in ipairs { "err", "lo", "hi" } do
      if so[name] then
        s[name] = data.numbers(so[name], where .. ": option '" .. name .. "'")
        if #s[name] ~= #y then
          options.fail(string.format("%s: option '%s' has %d values for %d points", where, name, #s[name], #y))
        end
      end
    end
    series[i] = s
  end
  return series, o.xlabel, o.ylabel
end

-- Band edges of series s at point k (nil when it has no band).
local function band(s, k)
  if s.err then return s.y[k] - s.err[k], s.y[k] + s.err[k] end
  if s.lo then return s.lo[k], s.hi[k] end
  return nil
end

local function finite(v) return v == v and v ~= math.huge and v ~= -math.huge end

-- Axis limits of a list of series, checking log axes; shared with scatter (one unnamed series,
-- so its messages name the point only).
function M.limits(series, o, fn, pad_x, one_series)
  local function at(si, k)
    return one_series and string.format("point %d", k) or string.format("series %d, point %d", si, k)
  end
  local xs, ys = {}, {}
  local points = 0
  for si, s in ipairs(series) do
    for k = 1, #s.y do
      local x, y = s.x[k], s.y[k]
      if finite(x) and finite(y) then
        points = points + 1
        if o.xlog and x <= 0 then
          options.fail(string.format("%s: option 'xlog' needs x > 0, got %s (%s)", fn, options.describe(x), at(si, k)))
        end
        if o.ylog and y <= 0 then
          options.fail(string.format("%s: option 'ylog' needs y > 0, got %s (%s)", fn, options.describe(y), at(si, k)))
        end
        xs[#xs + 1], ys[#ys + 1] = x, y
        local lo, hi = band(s, k)
        if lo then
          if finite(lo) and (not o.ylog or lo > 0) then ys[#ys + 1] = lo end
          if finite(hi) and (not o.ylog or hi > 0) then ys[#ys + 1] = hi end
        end
      end
    end
  end
  if points == 0 then
    options.fail(fn .. ": no data to draw (every point is NaN or infinite, or the series are empty)")
  end
  local xlo, xhi = data.finite_range(xs)
  local ylo, yhi = data.finite_range(ys)
  local xscale, yscale = o.xlog and "log" or "linear", o.ylog and "log" or "linear"
  if o.xlim then
    xlo, xhi = o.xlim[1], o.xlim[2]
    if o.xlog and xlo <= 0 then options.fail_option(fn, "xlim", "must be > 0 on a log axis", xlo) end
  else
    xlo, xhi = frame.padded(xlo, xhi, xscale, pad_x)
  end
  if o.ylim then
    ylo, yhi = o.ylim[1], o.ylim[2]
    if o.ylog and ylo <= 0 then options.fail_option(fn, "ylim", "must be > 0 on a log axis", ylo) end
  else
    ylo, yhi = frame.padded(ylo, yhi, yscale, 0.05)
  end
  return { scale = xscale, lo = xlo, hi = xhi }, { scale = yscale, lo = ylo, hi = yhi }, points
end

function M.prepare(o, fn)
  local series, xlabel, ylabel
  if o.data ~= nil then
    if not data.is_results(o.data) then
      options.fail_option(fn, "data", "must be sweep results (a table with 'params'); plain values go in x and y",
        o.data)
    end
    series, xlabel, ylabel = from_results(o, fn)
  else
    series, xlabel, ylabel = from_lists(o, fn)
  end
  -- Up to 10 series get the categorical palette; more (e.g. 'by' over a long axis) would repeat
  -- its colours, so they get viridis in series order instead.
  local ramp = #series > #colormaps.palette and colormaps.get("viridis")
  for i, s in ipairs(series) do
    s.color = s.color or (ramp and ramp(0.9 * (i - 1) / (#series - 1))) or colormaps.series_color(i)
  end
  local x_axis, y_axis = M.limits(series, o, fn, o.markers and 0.03 or 0, o.series == nil and o.data == nil)
  x_axis.label, y_axis.label = xlabel, ylabel
  return { series = series, x_axis = x_axis, y_axis = y_axis, markers = o.markers, legend = o.legend, title = o.title,
    ylog = o.ylog }
end

-- "M x y L x y ..." over runs of finite points; a NaN ends a run, so no line is drawn across it.
-- A run of one point is a bare move (nothing stroked; markers show it).
local function line_path(f, s)
  local runs, run = {}, {}
  local function flush()
    if #run > 0 then runs[#runs + 1] = "M" .. table.concat(run, "L") end
    run = {}
  end
  for k = 1, #s.y do
    local x, y = s.x[k], s.y[k]
    if finite(x) and finite(y) then run[#run + 1] = svg.num(f.px(x)) .. " " .. svg.num(f.py(y)) else flush() end
  end
  flush()
  return table.concat(runs)
end

-- The band as closed polygons, one per run of points with finite edges; on a log axis edges
-- <= 0 sit on the bottom of the plot.
local function band_path(f, s, ylog, y_floor)
  local parts, run = {}, {}
  local function flush()
    if #run >= 2 then
      local d = {}
      for i, p in ipairs(run) do d[#d + 1] = (i == 1 and "M" or "L") .. svg.num(p[1]) .. " " .. svg.num(p[3]) end
      for i = #run, 1, -1 do d[#d + 1] = "L" .. svg.num(run[i][1]) .. " " .. svg.num(run[i][2]) end
      parts[#parts + 1] = table.concat(d) .. "Z"
    end
    run = {}
  end
  for k = 1, #s.y do
    local lo, hi = band(s, k)
    local x = s.x[k]
    if finite(x) and lo and finite(lo) and finite(hi) then
      if ylog then lo, hi = math.max(lo, y_floor), math.max(hi, y_floor) end
      run[#run + 1] = { f.px(x), f.py(lo), f.py(hi) }
    else
      flush()
    end
  end
  flush()
  return table.concat(parts)
end

-- Pixel points along every line and band edge (segments subdivided, at most ~20000 in all) for
-- the legend's "best" corner.
local function samples(f, series)
  local total = 0
  for _, s in ipairs(series) do total = total + #s.y end
  local per = math.max(1, math.min(8, math.floor(20000 / math.max(1, total))))
  local out = {}
  local function along(xs, ys)
    local px, py
    for k = 1, #ys do
      local x, y = xs[k], ys[k]
      if finite(x) and finite(y) then
        local qx, qy = f.px(x), f.py(y)
        if px then
          for j = 1, per do out[#out + 1] = { px + (qx - px) * j / per, py + (qy - py) * j / per } end
        else
          out[#out + 1] = { qx, qy }
        end
        px, py = qx, qy
      else
        px, py = nil, nil
      end
    end
  end
  for _, s in ipairs(series) do
    along(s.x, s.y)
    if s.err or s.lo then
      local lo, hi = {}, {}
      for k = 1, #s.y do lo[k], hi[k] = band(s, k) end
      along(s.x, lo)
      along(s.x, hi)
    end
  end
  return out
end

function M.draw(doc, box, m, ctx)
  local entries = {}
  for _, s in ipairs(m.series) do
    if s.label then
      entries[#entries + 1] = { label = s.label, color = s.color, dash = DASHES[s.dash or "solid"],
        band = (s.err or s.lo) ~= nil,
        marker = m.markers }
    end
  end
  local outside = #entries > 0 and m.legend == "outside"
  local f = frame.new(doc, box, { x = m.x_axis, y = m.y_axis, title = m.title, font_size = ctx.font_size, id = ctx.id,
    fn = ctx.fn, right = outside and legend.outside_width(entries, ctx.font_size) or nil })
  f:defs()
  f:grid_lines()
  f:open_data("data")
  for _, s in ipairs(m.series) do
    if s.err or s.lo then
      local d = band_path(f, s, m.ylog, m.y_axis.lo)
      if d ~= "" then
        doc:element("path", { "class", "band", "d", d, "fill", s.color, "fill-opacity", "0.2", "stroke", "none" })
      end
    end
  end
  for _, s in ipairs(m.series) do
    doc:element("path", { "class", "series", "d", line_path(f, s), "fill", "none", "stroke", s.color,
      "stroke-width", "1.8",
      "stroke-linejoin", "round", "stroke-dasharray", DASHES[s.dash or "solid"] })
  end
  if m.markers then
    for _, s in ipairs(m.series) do
      for k = 1, #s.y do
        if finite(s.x[k]) and finite(s.y[k]) then
          doc:element("circle", { "class", "point", "cx", svg.num(f.px(s.x[k])), "cy", svg.num(f.py(s.y[k])), "r", "3",
            "fill", s.color })
        end
      end
    end
  end
  doc:close()
  f:axes()
  legend.draw(doc, f, entries, m.legend, m.legend == "best" and samples(f, m.series) or nil)
end

return M
