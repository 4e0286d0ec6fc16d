-- Legends of chaoslab.plot: a framed list of swatches (line, band, patch or point) with labels,
-- inside a corner of the plot area or in the space right of it.
local svg = require "chaoslab.plot.svg"

local M = {}

M.positions = { "best", "upper right", "upper left", "lower left", "lower right", "outside", "none" }

local CORNERS = { "upper right", "upper left", "lower left", "lower right" }

local SWATCH, PAD = 24, 6

-- Width and height of a legend of entries ({label =, color =, kind =, dash =, band =}).
function M.size(entries, font_size)
  local widest = 0
  for _, e in ipairs(entries) do widest = math.max(widest, svg.text_width(e.label, font_size)) end
  return PAD + SWATCH + 6 + widest + PAD, PAD + #entries * font_size * 1.45 + PAD - font_size * 0.3
end

-- Width to reserve right of the plot for an 'outside' legend.
function M.outside_width(entries, font_size)
  local w = M.size(entries, font_size)
  return w + 10
end

local function corner_box(p, w, h, position)
  local x = position:find("left", 1, true) and (p.x + 8) or (p.x + p.w - 8 - w)
  local y = position:find("upper", 1, true) and (p.y + 8) or (p.y + p.h - 8 - h)
  return x, y
end

-- Draws the legend of entries at `position` of frame's plot area; "best" picks the corner that
-- covers the fewest of `samples` (pixel points {x, y} along the data), preferring upper right.
function M.draw(doc, frame, entries, position, samples)
  if #entries == 0 or position == "none" then return end
  local p, fs = frame.plot, frame.font_size
  local w, h = M.size(entries, fs)
  local x, y
  if position == "outside" then
    x, y = p.x + p.w + 10, p.y
  elseif position == "best" then
    local best = math.huge
    for _, corner in ipairs(CORNERS) do
      local cx, cy = corner_box(p, w, h, corner)
      local covered = 0
      for _, pt in ipairs(samples or {}) do
        if pt[1] >= cx - 4 and pt[1] <= cx + w + 4 and pt[2] >= cy - 4 and pt[2] <= cy + h + 4 then
          covered = covered + 1
        end
      end
      if covered < best then best, x, y = covered, cx, cy end
    end
  else
    x, y = corner_box(p, w, h, position)
  end
  doc:open("g", { "class", "legend" })
  doc:element("rect", { "x", x, "y", y, "width", w, "height", h, "fill", "#ffffff", "fill-opacity", "0.85",
    "stroke", "#bbbbbb", "stroke-width", "0.8", "rx", "3" })
  for i, e in ipairs(entries) do
    local cy = y + PAD + (i - 1) * fs * 1.45 + fs * 0.6
    local sx = x + PAD
    if e.band then
      doc:element("rect", { "x", sx, "y", cy - fs * 0.45, "width", SWATCH, "height", fs * 0.9, "fill", e.color,
        "fill-opacity", "0.25" })
    end
    if e.kind == "patch" then
      doc:element("rect", { "x", sx + 4, "y", cy - fs * 0.4, "width", SWATCH - 8, "height", fs * 0.8, "fill", e.color })
    elseif e.kind == "point" then
      doc:element("circle", { "cx", sx + SWATCH / 2, "cy", cy, "r", 3.5, "fill", e.color })
    else
      doc:element("path", { "d", "M" .. svg.num(sx) .. " " .. svg.num(cy) .. "h" .. SWATCH, "stroke", e.color,
        "stroke-width", "2", "stroke-dasharray", e.dash, "fill", "none" })
      if e.marker then doc:element("circle", { "cx", sx + SWATCH / 2, "cy", cy, "r", 3, "fill", e.color }) end
    end
    doc:text(sx + SWATCH + 6, cy + fs * 0.35, e.label, { class = "legend-label" })
  end
  doc:close()
end

return M
