-- The axes of one panel: margins sized to the labels, linear/log/explicit scales, ticks that do
-- not overlap, axis labels, title, grid lines and the clip region for the data.
local options = require "chaoslab.plot.options"
local svg = require "chaoslab.plot.svg"
local ticks = require "chaoslab.plot.ticks"

local M = {}

local Frame = {}
Frame.__index = Frame

local TICK = 5          -- tick length, px
local AXIS_COLOR = "#222222"
local GRID_COLOR = "#e6e6e6"

local log10 = function(x) return math.log(x, 10) end

-- An axis descriptor: {scale = 'linear' | 'log', lo =, hi =, label =, min_step = (smallest tick
-- step, e.g. 1 for neuron ids), ticks = {{value =, label =}, ...} (explicit ticks, e.g. heatmap
-- cells or categories; otherwise computed)}.
local function transform(axis)
  if axis.scale == "log" then return log10 end
  return function(v) return v end
end

-- Ticks of an axis `length` px long, thinned until neighbouring labels do not overlap
-- (label_extent(label): the label's size along the axis, px).
local function axis_ticks(axis, length, per_tick, label_extent)
  if axis.ticks then
    -- Explicit ticks: keep every k-th label so that neighbours do not overlap.
    local list = axis.ticks
    local t = transform(axis)
    local span = t(axis.hi) - t(axis.lo)
    local step = 1
    while step < #list do
      local fits = true
      for i = 1 + step, #list, step do
        local a, b = list[i - step], list[i]
        local gap = math.abs(t(b.value) - t(a.value)) / span * length
        if gap < (label_extent(a.label) + label_extent(b.label)) / 2 + 6 then fits = false break end
      end
      if fits then break end
      step = step + 1
    end
    local out = {}
    for i, tk in ipairs(list) do
      out[#out + 1] = { value = tk.value, label = ((i - 1) % step == 0) and tk.label or nil,
        minor = (i - 1) % step ~= 0 }
    end
    return out
  end
  local target = math.max(2, math.floor(length / per_tick))
  while true do
    local list = axis.scale == "log" and ticks.log(axis.lo, axis.hi, target)
      or ticks.linear(axis.lo, axis.hi, target, axis.min_step)
    local t = transform(axis)
    local span = t(axis.hi) - t(axis.lo)
    local fits, previous = true, nil
    for _, tk in ipairs(list) do
      if tk.label then
        if previous then
          local gap = math.abs(t(tk.value) - t(previous.value)) / span * length
          if gap < (label_extent(tk.label) + label_extent(previous.label)) / 2 + 6 then fits = false end
        end
        previous = tk
      end
    end
    if fits or target <= 2 then return list end
    target = target - 1
  end
end

-- Lays out a panel in box {x, y, w, h}. spec: x, y (axis descriptors), title, note (small grey
-- text above the plot's right end), font_size, id (unique in the document, for clip paths), right
-- (px reserved right of the plot: colour bar, legend), fn (for messages).
function M.new(doc, box, spec)
  local self = setmetatable({ doc = doc, box = box, spec = spec, x = spec.x, y = spec.y }, Frame)
  local fs = spec.font_size
  self.font_size = fs
  self.title_size = fs * 1.15
  if spec.title and spec.title ~= "" then
    local fit = (box.w - 16) / math.max(1, svg.text_width(spec.title, 1))
    self.title_size = math.max(fs * 0.75, math.min(self.title_size, fit))
  end
  -- A note (e.g. "3 NaN values not counted") gets its own line above the plot, never over the data.
  local top = 10 + ((spec.title and spec.title ~= "") and (self.title_size * 1.3 + 4) or 0)
    + (spec.note and (fs * 0.85 * 1.3) or 0)
  local bottom = TICK + 4 + fs + 6 + ((spec.x.label and spec.x.label ~= "") and (fs * 1.25 + 4) or 0)
  local plot_h = box.h - top - bottom
  local width = function(label) return label and svg.text_width(label, fs) or 0 end
  local height = function(label) return label and fs * 1.1 or 0 end
  self.y_ticks = axis_ticks(spec.y, plot_h, 40, height)
  local widest = 0
  for _, tk in ipairs(self.y_ticks) do widest = math.max(widest, width(tk.label)) end
  local left = 8 + ((spec.y.label and spec.y.label ~= "") and (fs * 1.25 + 6) or 0) + widest + 4 + TICK
  local right = 12 + (spec.right or 0)
  local plot_w = box.w - left - right
  self.x_ticks = axis_ticks(spec.x, plot_w, 75, width)
  -- The last x label is centred on its tick and may stick out to the right of the plot.
  local last = self.x_ticks[#self.x_ticks]
  if last and last.label and not spec.right then
    local overhang = width(last.label) / 2 - (right - 4)
    if overhang > 0 then plot_w = plot_w - overhang end
  end
  self.plot = { x = box.x + left, y = box.y + top, w = plot_w, h = plot_h }
  if plot_w < 20 or plot_h < 20 then
    options.fail(string.format(
      "%s: the figure is too small for its labels (plot area %d x %d px); make it wider or taller",
      spec.fn, math.floor(plot_w), math.floor(plot_h)))
  end
  local tx, ty = transform(spec.x), transform(spec.y)
  local x0, x1, y0, y1 = tx(spec.x.lo), tx(spec.x.hi), ty(spec.y.lo), ty(spec.y.hi)
  local p = self.plot
  self.px = function(v) return p.x + (tx(v) - x0) / (x1 - x0) * p.w end
  self.py = function(v) return p.y + p.h - (ty(v) - y0) / (y1 - y0) * p.h end
  self.clip_id = spec.id .. "-clip"
  return self
end

-- <defs> with the plot area's clip path (and any extra definitions the caller passes).
function Frame:defs(extra)
  local p, doc = self.plot, self.doc
  doc:open("defs")
  doc:open("clipPath", { "id", self.clip_id })
  doc:element("rect", { "x", p.x, "y", p.y, "width", p.w, "height", p.h })
  doc:close()
  for _, line in ipairs(extra or {}) do doc:add(line) end
  doc:close()
end

-- Light grid lines at the labelled ticks (drawn below the data).
function Frame:grid_lines()
  local p, doc = self.plot, self.doc
  local parts = {}
  for _, tk in ipairs(self.x_ticks) do
    if tk.label then
      parts[#parts + 1] = "M" .. svg.num(self.px(tk.value)) .. " " .. svg.num(p.y) .. "v" .. svg.num(p.h)
    end
  end
  for _, tk in ipairs(self.y_ticks) do
    if tk.label then
      parts[#parts + 1] = "M" .. svg.num(p.x) .. " " .. svg.num(self.py(tk.value)) .. "h" .. svg.num(p.w)
    end
  end
  if #parts > 0 then
    doc:element("path", { "class", "grid", "d", table.concat(parts), "stroke", GRID_COLOR, "stroke-width", "1",
      "fill", "none" })
  end
end

-- Opens a group clipped to the plot area; close it with doc:close().
function Frame:open_data(class)
  self.doc:open("g", { "class", class, "clip-path", "url(#" .. self.clip_id .. ")" })
end

-- The box around the plot area, ticks, tick labels, axis labels and the title.
function Frame:axes()
  local p, doc, fs = self.plot, self.doc, self.font_size
  doc:open("g", { "class", "axes", "stroke", AXIS_COLOR })
  doc:element("rect", { "class", "frame", "x", p.x, "y", p.y, "width", p.w, "height", p.h, "fill", "none",
    "stroke-width", "1" })
  local marks = {}
  for _, tk in ipairs(self.x_ticks) do
    local len = tk.minor and TICK * 0.6 or TICK
    marks[#marks + 1] = "M" .. svg.num(self.px(tk.value)) .. " " .. svg.num(p.y + p.h) .. "v" .. svg.num(len)
  end
  for _, tk in ipairs(self.y_ticks) do
    local len = tk.minor and TICK * 0.6 or TICK
    marks[#marks + 1] = "M" .. svg.num(p.x) .. " " .. svg.num(self.py(tk.value)) .. "h" .. svg.num(-len)
  end
  if #marks > 0 then
    doc:element("path", { "class", "tick", "d", table.concat(marks), "stroke-width", "1", "fill", "none" })
  end
  doc:close()
  doc:open("g", { "class", "labels", "fill", AXIS_COLOR })
  for _, tk in ipairs(self.x_ticks) do
    if tk.label then
      doc:text(self.px(tk.value), p.y + p.h + TICK + 3 + fs * 0.85, tk.label, { anchor = "middle", class = "xtick" })
    end
  end
  for _, tk in ipairs(self.y_ticks) do
    if tk.label then
      doc:text(p.x - TICK - 3, self.py(tk.value) + fs * 0.35, tk.label, { anchor = "end", class = "ytick" })
    end
  end
  if self.x.label and self.x.label ~= "" then
    doc:text(p.x + p.w / 2, p.y + p.h + TICK + 4 + fs + 4 + fs * 1.05, self.x.label,
      { anchor = "middle", class = "xlabel" })
  end
  if self.y.label and self.y.label ~= "" then
    local x = self.box.x + 8 + fs * 0.9
    doc:text(x, p.y + p.h / 2, self.y.label, { anchor = "middle", rotate = -90, class = "ylabel" })
  end
  if self.spec.note then
    doc:text(p.x + p.w, p.y - 5, self.spec.note, { anchor = "end", size = fs * 0.85, fill = "#666666", class = "note" })
  end
  if self.spec.title and self.spec.title ~= "" then
    doc:text(p.x + p.w / 2, self.box.y + 8 + self.title_size, self.spec.title,
      { anchor = "middle", size = self.title_size, weight = "bold", class = "title" })
  end
  doc:close()
end

-- Expands [lo, hi] so that data on the edges is not drawn on the frame: by `fraction` of the
-- span (of the log span on log axes); a single value gets a unit-wide (decade-wide) range.
function M.padded(lo, hi, scale, fraction)
  if scale == "log" then
    local a, b = log10(lo), log10(hi)
    if b - a < 1e-12 then return lo / math.sqrt(10), hi * math.sqrt(10) end
    local pad = (b - a) * fraction
    return 10 ^ (a - pad), 10 ^ (b + pad)
  end
  if hi - lo < 1e-12 * math.max(1, math.abs(lo), math.abs(hi)) then
    local half = lo == 0 and 0.5 or math.abs(lo) * 0.1
    return lo - half, hi + half
  end
  local pad = (hi - lo) * fraction
  return lo - pad, hi + pad
end

-- hi moved up to the next multiple of the axis' tick step when that is close (999.9 ms -> 1000),
-- so that the last tick sits on the end of the axis.
function M.nice_ceiling(lo, hi)
  local list = ticks.linear(lo, hi, 8)
  if #list < 2 then return hi end
  local step = list[2].value - list[1].value
  local up = math.ceil(hi / step - 1e-9) * step
  if up - hi <= 0.05 * (hi - lo) then return up end
  return hi
end

return M
