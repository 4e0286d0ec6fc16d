-- plot.raster: spike times x neuron ids as short vertical ticks. Each population is a group of
-- <path>s of "M x y v h" moves with coordinates rounded to 0.1 px (1 px for dense rasters), so
-- 10^5-10^6 spikes stay a small file; a path holds at most 50000 ticks (XML readers limit one
-- attribute to 10 MB).
local colormaps = require "chaoslab.plot.colormaps"
local data = require "chaoslab.plot.data"
local frame = require "chaoslab.plot.frame"
local legend = require "chaoslab.plot.legend"
local options = require "chaoslab.plot.options"
local svg = require "chaoslab.plot.svg"

local M = {}

local MAX_TICKS_PER_PATH = 50000 -- about 0.7 MB of path data
-- Above this many spikes in the window, ticks snap to whole pixels: the picture is the same (a
-- tick is 1 px wide), many ticks coincide and are drawn once, and the file stays far below the
-- 10 MB that libxml2-based readers (rsvg-convert, Inkscape) accept for a whole document.
local DENSE = 200000

M.specs = {
  { name = "spikes", type = "table", doc_default = "required unless times and ids",
    doc = "{times =, ids =}: one trial of net:run's spikes (run.spikes[1]) or perturbation's control" },
  { name = "times", type = "numbers", unit = "ms", doc = "spike times (instead of spikes)" },
  { name = "ids", type = "numbers", doc = "neuron ids, 1-based, one per spike (instead of spikes)" },
  { name = "populations", type = "table", doc_default = "none (one colour)",
    doc = "list of chaoslab.Population (net:populations()) or {name =, first =, last = [, color =]}: colours "
      .. "and legend" },
  { name = "color", type = "color", default = "#000000",
    doc = "tick colour (without populations, and for spikes outside them)" },
  { name = "xlim", type = "range", unit = "ms", doc_default = "0 .. last spike", doc = "{t0, t1}: time window shown" },
  { name = "ylim", type = "range", doc_default = "0.5 .. largest id + 0.5", doc = "{lo, hi}: neuron-id range shown" },
  { name = "legend", type = "string", values = legend.positions, default = "outside",
    doc = "where the population legend goes: " .. table.concat(legend.positions, ", ") },
  { name = "xlabel", type = "string", default = "time (ms)", doc = "x axis label" },
  { name = "ylabel", type = "string", default = "neuron", doc = "y axis label" },
  { name = "title", type = "string", doc = "title above the plot" },
}

-- {name, first, last, color} from the option's entries.
local function population_ranges(list, fn, default_color)
  local out = {}
  for i, p in ipairs(list) do
    local what = string.format("%s: option 'populations'[%d]", fn, i)
    if options.describe(p) == "chaoslab.Population" then
      local ids = p:ids()
      if #ids == 0 then options.fail(what .. " is an empty population") end
      out[i] = { name = p:name(), first = ids[1], last = ids[#ids] }
    elseif type(p) == "table" then
      local o = options.check(what, p, {
        { name = "name", type = "string", required = true, doc = "legend label" },
        { name = "first", type = "count", required = true, doc = "first neuron id" },
        { name = "last", type = "count", required = true, doc = "last neuron id" },
        { name = "color", type = "color", doc = "tick colour" } })
      if o.last < o.first then options.fail_option(what, "last", "must be >= first (" .. o.first .. ")", o.last) end
      out[i] = { name = o.name, first = o.first, last = o.last, color = o.color }
    else
      options.fail(string.format("%s must be a chaoslab.Population or a table {name =, first =, last =}, got %s", what,
        options.describe(p)))
    end
    out[i].color = out[i].color or (#list == 1 and default_color) or colormaps.series_color(i)
  end
  return out
end

function M.prepare(o, fn)
  local times, ids
  if o.spikes then
    if o.times or o.ids then options.fail(fn .. ": give either 'spikes' or 'times' and 'ids', not both") end
    local s = o.spikes
    if s.times == nil and type(s[1]) == "table" and s[1].times ~= nil then
      options.fail(fn .. ": option 'spikes' is a list of trials; pass one of them (e.g. run.spikes[1])")
    end
    if s.times == nil or s.ids == nil then
      options.fail(fn .. ": option 'spikes' must be a table {times =, ids =} (as net:run returns per trial)")
    end
    times = data.numbers(s.times, fn .. ": option 'spikes.times'")
    ids = data.numbers(s.ids, fn .. ": option 'spikes.ids'")
  elseif o.times or o.ids then
    if not (o.times and o.ids) then options.fail(fn .. ": options 'times' and 'ids' go together") end
    times = data.numbers(o.times, fn .. ": option 'times'")
    ids = data.numbers(o.ids, fn .. ": option 'ids'")
  else
    options.fail(fn .. ": no spikes: give 'spikes' ({times =, ids =}) or 'times' and 'ids'")
  end
  if #times ~= #ids then
    options.fail(string.format("%s: times and ids differ in length (%d times, %d ids)", fn, #times, #ids))
  end
  local groups = o.populations and population_ranges(o.populations, fn, o.color) or {}
  local tmin, tmax = data.finite_range(times)
  local idmin, idmax = data.finite_range(ids)
  for _, g in ipairs(groups) do
    idmin, idmax = math.min(idmin or g.first, g.first), math.max(idmax or g.last, g.last)
  end
  -- Without spikes (or with NaN ones only) the axes need limits from the caller.
  if (tmin == nil and not o.xlim) or (idmin == nil and not o.ylim) then
    options.fail(fn .. ": no spikes to draw (give xlim and ylim to draw an empty raster)")
  end
  local xlim = o.xlim
  if not xlim then
    local t0 = math.min(0, tmin)
    local t1 = tmax > t0 and frame.nice_ceiling(t0, tmax) or t0 + 1
    -- A spike exactly on the end of the axis would be half hidden by the frame.
    if t1 == tmax then t1 = tmax + 0.01 * (tmax - t0) end
    xlim = { t0, t1 }
  end
  local ylim = o.ylim or { math.min(1, idmin) - 0.5, idmax + 0.5 }
  return { times = times, ids = ids, groups = groups, color = o.color, xlim = xlim, ylim = ylim, legend = o.legend,
    xlabel = o.xlabel, ylabel = o.ylabel, title = o.title }
end

-- Formats an integer count of 0.1 px as "12.3" / "12" / "-0.4" (a tall tick of a neuron on the
-- very edge of ylim can start above the figure).
local function tenths(v)
  if v < 0 then return "-" .. tenths(-v) end
  local whole, frac = v // 10, v % 10
  if frac == 0 then return tostring(whole) end
  return whole .. "." .. frac
end

function M.draw(doc, box, m, ctx)
  local entries = {}
  for _, g in ipairs(m.groups) do entries[#entries + 1] = { label = g.name, color = g.color, kind = "patch" } end
  local outside = #entries > 0 and m.legend == "outside"
  local f = frame.new(doc, box, {
    x = { scale = "linear", lo = m.xlim[1], hi = m.xlim[2], label = m.xlabel },
    y = { scale = "linear", lo = m.ylim[1], hi = m.ylim[2], label = m.ylabel, min_step = 1 },
    title = m.title, font_size = ctx.font_size, id = ctx.id, fn = ctx.fn, note = #m.times == 0 and "no spikes" or nil,
    right = outside and legend.outside_width(entries, ctx.font_size) or nil })
  f:defs()
  local p = f.plot
  -- A tick spans most of a neuron's row, but at least 1 px so that large networks stay visible.
  local row = p.h / (m.ylim[2] - m.ylim[1])
  local tick = math.max(1, row * 0.8)
  local tick_text = "v" .. svg.num(tick)
  local x_scale, x_off = p.w / (m.xlim[2] - m.xlim[1]), p.x
  local y_scale, y_off = row, p.y + p.h
  local t0, t1, lo, hi = m.xlim[1], m.xlim[2], m.ylim[1], m.ylim[2]
  -- Spike i goes to group lookup[id] (0: no population); one list of ticks per group.
  local lookup, paths, seen = {}, {}, {}
  for gi, g in ipairs(m.groups) do for id = g.first, g.last do lookup[id] = lookup[id] or gi end end
  for gi = 0, #m.groups do paths[gi], seen[gi] = {}, {} end
  local floor = math.floor
  local times, ids = m.times, m.ids
  -- Coordinates in 0.1 px; dense rasters use whole pixel columns, drawn through their centres
  -- (x + 0.5) so that a 1 px stroke covers one column instead of half of two.
  local shown = 0
  for i = 1, #times do
    local t, id = times[i], ids[i]
    if t >= t0 and t <= t1 and id >= lo and id <= hi then shown = shown + 1 end
  end
  local steps, x_text, y_text, x_round = 10, tenths, tenths, 0.5
  if shown > DENSE then
    steps, x_text, y_text, x_round = 1, function(v) return v .. ".5" end, tostring, 0
  end
  for i = 1, #times do
    local t, id = times[i], ids[i]
    if t >= t0 and t <= t1 and id >= lo and id <= hi then
      local gi = lookup[id] or 0
      local xt = floor(((t - t0) * x_scale + x_off) * steps + x_round)
      local yt = floor((y_off - (id - lo) * y_scale - tick / 2) * steps + 0.5)
      -- Ticks landing on the same spot are drawn once. The set is nested (column, then row): a
      -- single integer key x * 2^20 + y makes Lua's integer hash collide badly (8x slower).
      local column = seen[gi][xt]
      if not column then column = {}; seen[gi][xt] = column end
      if not column[yt] then
        column[yt] = true
        local list = paths[gi]
        list[#list + 1] = "M" .. x_text(xt) .. " " .. y_text(yt) .. tick_text
      end
    end
  end
  f:open_data("raster")
  for gi = 0, #m.groups do
    local list = paths[gi]
    if #list > 0 then
      local g = m.groups[gi]
      doc:open("g", { "class", "population", "stroke", g and g.color or m.color, "stroke-width", "1", "fill", "none" })
      for first = 1, #list, MAX_TICKS_PER_PATH do
        doc:element("path", { "class", "spikes", "d", table.concat(list, "", first, math.min(#list,
          first + MAX_TICKS_PER_PATH - 1)) })
      end
      doc:close()
    end
  end
  doc:close()
  f:axes()
  legend.draw(doc, f, entries, m.legend)
end

return M
