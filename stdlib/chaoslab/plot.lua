-- chaoslab.plot: figures as standalone SVG files from scripts and the REPL (heatmap, raster,
-- lines, scatter, histogram, and a grid of panels). Each function takes one option table, checks
-- it like the bindings do, writes the file on rank 0 only and returns its path on every rank.
local cl = require "chaoslab"
local figure = require "chaoslab.plot.figure"
local options = require "chaoslab.plot.options"

local kinds = {
  heatmap = require "chaoslab.plot.heatmap",
  raster = require "chaoslab.plot.raster",
  lines = require "chaoslab.plot.lines",
  scatter = require "chaoslab.plot.scatter",
  histogram = require "chaoslab.plot.histogram",
}

local M = {}

for name, kind in pairs(kinds) do
  M[name] = options.entry(name, function(opts) return figure.single(kind, "plot." .. name, opts) end)
end
M.grid = options.entry("grid", function(opts) return figure.grid(kinds, "plot.grid", opts) end)

local function document(name, signature, summary, specs)
  cl.document(M[name], { name = "chaoslab.plot." .. name, signature = signature, summary = summary,
    options = options.doc_entries(specs) })
end

local function with_file(kind) return options.merge { kind.specs, figure.file_specs } end

document("heatmap", "plot.heatmap{data =, x =, y =, value =, file =, ...} -> file",
  "Colours the cells of a grid: sweep results over two of their axes (x, y: axis names; value: the result; the "
    .. "points are gridded by their distinct x and y values, points without a result are hatched NaN cells), or a "
    .. "matrix (2-D chaoslab.Array or table of rows, row 1 at the bottom; x, y: cell centres). A colour bar shows "
    .. "the scale. Writes an SVG file on rank 0; returns its path on every rank.",
  with_file(kinds.heatmap))
document("raster", "plot.raster{spikes = {times =, ids =}, file =, populations =, ...} -> file",
  "Spike raster: one short vertical tick per spike at (time, neuron id), one SVG path per population (so 10^5+ "
    .. "spikes stay small and fast). spikes is one trial of net:run's result (run.spikes[1]) or a perturbation's "
    .. "control; populations (net:populations()) colour the ticks and make a legend.",
  with_file(kinds.raster))
document("lines",
  "plot.lines{series = {{x =, y =, label =, err =}, ...} | x =, y = | data =, x =, y =, by =, file =} -> file",
  "Line plot of one or more series with a legend (series with a label), optional log axes (xlog, ylog) and error "
    .. "bands (err: y +- err, or lo/hi). NaN values break a line. With data = sweep results, x and y name an axis and "
    .. "a result, by splits the points into one series per value of another axis.",
  with_file(kinds.lines))
document("scatter", "plot.scatter{x =, y =, value =, file =, ...} -> file",
  "Scatter plot of points (x, y), coloured by value through a colour map (with a colour bar) when given. x, y and "
    .. "value are lists/arrays, or names of sweep axes/results with data = sweep results.",
  with_file(kinds.scatter))
document("histogram", "plot.histogram{values =, bins =, file =, ...} -> file",
  "Histogram of values (a list or a chaoslab.Array of any shape), as counts or a density; NaN and infinite values "
    .. "are left out and counted in a note.",
  with_file(kinds.histogram))
document("grid", "plot.grid{panels = {{kind = 'heatmap', ...}, ...}, rows =, cols =, file =} -> file",
  "Several panels in one SVG file, filled row by row: each panel is the option table of plot.<kind> without "
    .. "file/width/height/font_size, plus kind = 'heatmap' | 'raster' | 'lines' | 'scatter' | 'histogram'.",
  figure.grid_specs)
cl.document(nil, { name = "chaoslab.plot", kind = "function",
  signature = "chaoslab.plot.{heatmap, raster, lines, scatter, histogram, grid}",
  summary = "Figures as standalone SVG files (open in any browser, or convert with rsvg-convert). Each function takes "
    .. "one option table with file = 'name.svg'; rank 0 writes, every rank gets the path. help(chaoslab.plot.heatmap) "
    .. "etc. list the options." })

return M
