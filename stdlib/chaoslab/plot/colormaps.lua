-- Colour maps (value in [0, 1] -> "#rrggbb") and the categorical palette of chaoslab.plot.
-- viridis and magma are every 8th entry of the 256-entry tables of matplotlib's colormaps.py
-- (van der Walt & Smith, CC0), interpolated linearly; rdbu is ColorBrewer's 11-class RdBu.
local M = {}

local STOPS = {
  viridis = { "440154", "470d60", "48186a", "482374", "472d7b", "453781", "424086", "3e4989", "3b528b",
    "375b8d", "33638d", "2f6b8e", "2c728e", "297a8e", "26828e", "23898e", "21918c", "1f988b", "1fa088",
    "22a785", "28ae80", "32b67a", "3fbc73", "4ec36b", "5ec962", "70cf57", "84d44b", "98d83e", "addc30",
    "c2df23", "d8e219", "ece51b", "fde725" },
  magma = { "000004", "030312", "0a0822", "130d34", "1d1147", "29115a", "36106b", "440f76", "51127c",
    "5d177f", "6a1c81", "762181", "832681", "902a81", "9c2e7f", "aa337d", "b73779", "c43c75", "d0416f",
    "dc4869", "e75263", "ef5d5e", "f56b5c", "f9795d", "fc8961", "fd9869", "fea772", "feb67c", "fec488",
    "fed395", "fde2a3", "fcf0b2", "fcfdbf" },
  gray = { "000000", "ffffff" },
  -- Diverging: blue for low values, near-white in the middle, red for high ones.
  rdbu = { "053061", "2166ac", "4393c3", "92c5de", "d1e5f0", "f7f7f7", "fddbc7", "f4a582", "d6604d",
    "b2182b", "67001f" },
}

-- The names users pick from, in the order help and error messages list them.
M.names = { "viridis", "magma", "gray", "rdbu" }
M.diverging = { rdbu = true }

-- Categorical colours for series and populations (matplotlib's tab10, distinguishable in print).
M.palette = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
  "#bcbd22", "#17becf" }

-- The colour of series i (cycling through the palette).
function M.series_color(i)
  return M.palette[(i - 1) % #M.palette + 1]
end

local decoded = {}
local function rgb_stops(name)
  if not decoded[name] then
    local list = {}
    for i, hex in ipairs(STOPS[name]) do
      list[i] = { tonumber(hex:sub(1, 2), 16), tonumber(hex:sub(3, 4), 16), tonumber(hex:sub(5, 6), 16) }
    end
    decoded[name] = list
  end
  return decoded[name]
end

-- True for "viridis", "rdbu", ... and their reversed forms "viridis_r", "rdbu_r".
function M.exists(name)
  return type(name) == "string" and STOPS[(name:gsub("_r$", ""))] ~= nil
end

function M.is_diverging(name)
  return M.diverging[(name:gsub("_r$", ""))] == true
end

-- A function t -> "#rrggbb" for t in [0, 1] (clamped); NaN gives nil.
function M.get(name)
  local base = name:gsub("_r$", "")
  local reversed = base ~= name
  local stops = rgb_stops(base)
  local last = #stops - 1
  return function(t)
    if t ~= t then return nil end
    if reversed then t = 1 - t end
    t = math.min(1, math.max(0, t))
    local pos = t * last
    local i = math.min(math.floor(pos), last - 1)
    local f = pos - i
    local a, b = stops[i + 1], stops[i + 2]
    return string.format("#%02x%02x%02x", math.floor(a[1] + (b[1] - a[1]) * f + 0.5),
      math.floor(a[2] + (b[2] - a[2]) * f + 0.5), math.floor(a[3] + (b[3] - a[3]) * f + 0.5))
  end
end

-- Accepts "#rgb", "#rrggbb" and plain colour keywords ("black", "steelblue"); a check, not a parser.
function M.is_color(s)
  if type(s) ~= "string" then return false end
  return s:match("^#%x%x%x$") ~= nil or s:match("^#%x%x%x%x%x%x$") ~= nil or s:match("^%a+$") ~= nil
end

return M
