-- The colour bar beside a heatmap or a coloured scatter plot: a gradient of the colour map with
-- ticks in data units and a label, plus the "no value" swatch for NaN cells.
local colormaps = require "chaoslab.plot.colormaps"
local svg = require "chaoslab.plot.svg"
local ticks = require "chaoslab.plot.ticks"

local M = {}

-- The options of a colour scale, shared by every plot with a colour bar (heatmap, scatter).
M.scale_specs = {
  { name = "cmap", type = "cmap", default = "viridis",
    doc = "colour map: " .. table.concat(colormaps.names, ", ") .. " (rdbu is diverging); add _r to reverse" },
  { name = "vmin", type = "number", doc_default = "smallest finite value", unit = "value\'s unit",
    doc = "value at the bottom of the colour bar (smaller values get its colour)" },
  { name = "vmax", type = "number", doc_default = "largest finite value", unit = "value\'s unit",
    doc = "value at the top of the colour bar (larger values get its colour)" },
  { name = "center", type = "number", unit = "value\'s unit",
    doc = "makes the colour range symmetric about this value unless vmin/vmax are given (for diverging maps, e.g. 0)" },
  { name = "label", type = "string", doc_default = "value's name (unit)", doc = "colour bar label" },
}

local BAR = 14   -- bar width, px
local GAP = 14   -- space between the plot and the bar, px

local function bar_ticks(vmin, vmax, height)
  return ticks.linear(vmin, vmax, math.max(2, math.floor(height / 45)))
end

-- Width in px the bar needs right of the plot (bar, tick labels, rotated label); height is an
-- estimate of the plot height (the final one differs by a few px, which only moves ticks).
function M.width(vmin, vmax, height, font_size, label, nan_note)
  local widest = 0
  for _, tk in ipairs(bar_ticks(vmin, vmax, height)) do
    widest = math.max(widest, svg.text_width(tk.label, font_size))
  end
  local w = GAP + BAR + 4 + widest + ((label and label ~= "") and (6 + font_size * 1.25) or 0) + 4
  if nan_note then w = math.max(w, GAP + svg.text_width(nan_note, font_size * 0.9) + 16) end
  return w
end

-- The <linearGradient> for the bar (bottom = vmin, top = vmax), to go into the panel's <defs>.
function M.gradient(id, cmap)
  local color = colormaps.get(cmap)
  local lines = { svg.open("linearGradient", { "id", id, "x1", "0", "y1", "1", "x2", "0", "y2", "0" }) }
  for i = 0, 32 do
    lines[#lines + 1] = "  " .. svg.element("stop", { "offset", svg.num(i / 32), "stop-color", color(i / 32) })
  end
  lines[#lines + 1] = "</linearGradient>"
  return lines
end

-- Draws the bar right of frame's plot area. bar: {gradient_id =, vmin =, vmax =, label =,
-- nan_note = text or nil, hatch_id = pattern id for the NaN swatch}.
function M.draw(doc, frame, bar)
  local p, fs = frame.plot, frame.font_size
  local x = p.x + p.w + GAP
  doc:open("g", { "class", "colorbar" })
  doc:element("rect", { "x", x, "y", p.y, "width", BAR, "height", p.h, "fill", "url(#" .. bar.gradient_id .. ")",
    "stroke", "#222222", "stroke-width", "0.8" })
  local marks, widest = {}, 0
  local span = bar.vmax - bar.vmin
  for _, tk in ipairs(bar_ticks(bar.vmin, bar.vmax, p.h)) do
    local y = p.y + p.h - (tk.value - bar.vmin) / span * p.h
    marks[#marks + 1] = "M" .. svg.num(x + BAR) .. " " .. svg.num(y) .. "h4"
    doc:text(x + BAR + 6, y + fs * 0.35, tk.label, { class = "ctick" })
    widest = math.max(widest, svg.text_width(tk.label, fs))
  end
  doc:element("path", { "d", table.concat(marks), "stroke", "#222222", "stroke-width", "1", "fill", "none" })
  if bar.label and bar.label ~= "" then
    local lx = x + BAR + 6 + widest + 6 + fs * 0.9
    doc:text(lx, p.y + p.h / 2, bar.label, { anchor = "middle", rotate = -90, class = "clabel" })
  end
  if bar.nan_note then
    -- Below the bar, level with the x tick labels: a hatched swatch like the NaN cells.
    local y = p.y + p.h + 8
    doc:element("rect", { "class", "nan-swatch", "x", x, "y", y, "width", 11, "height", 11,
      "fill", "url(#" .. bar.hatch_id .. ")", "stroke", "#888888", "stroke-width", "0.8" })
    doc:text(x + 15, y + 9.5, bar.nan_note, { size = fs * 0.9, class = "nan-note" })
  end
  doc:close()
end

return M
