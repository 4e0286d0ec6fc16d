-- chaoslab.plot error paths: every bad option, bad data shape and impossible request gives one
-- message in DESIGN.md's format ("plot.<fn>: option '<name>' <what>, got <value>") at the
-- caller's line, and writes no file.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/helpers.lua")
local cl = require "chaoslab"
local plot = cl.plot

local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir -p " .. T.shell_quote(dir)))
local file = dir .. "/out.svg"
local function exists(p) local f = io.open(p, "rb"); if f then f:close() end; return f ~= nil end

local m = { { 1, 2, 3 }, { 4, 5, 6 } }
local results = cl.sweep{ params = { a = { 1, 2 }, b = { 1, 2, 3 }, n = { 10, 20 } }, progress = false,
  run = function(p) return { y = p.a + p.b, lz = p.a * p.b, v = cl.array{ 1, 2, 3 }, name = "x" } end }

T.test("errors are raised at the caller's line, in Lua's wording for positional arguments", function()
  T.expect_error_at(function() plot.heatmap{ data = m, vlaue = "x", file = file } end,
    "plot.heatmap: unknown option 'vlaue' (did you mean 'value'?)")
  T.expect_error_at(function() plot.lines{ y = { 1, 0 }, ylog = true, file = file } end, "plot.lines: option 'ylog'")
  T.expect_error(function() plot.heatmap(5) end, "bad argument #1 to 'heatmap' (table expected, got number)")
  T.expect_error(function() plot.raster() end, "bad argument #1 to 'raster' (table expected, got no value)")
  T.expect_error(function() plot.lines({ y = { 1 } }, "x.svg") end,
    "bad argument #2 to 'lines' (no value expected: options go in the table)")
  assert(not exists(file), "no file is written when the options are bad")
end)

T.test("unknown options, non-string keys, types and allowed values", function()
  local msg = T.expect_error(function() plot.lines{ y = { 1 }, file = file, zzzzzz = 1 } end,
    "plot.lines: unknown option 'zzzzzz'")
  assert(not msg:find("did you mean", 1, true), "no suggestion when nothing is close")
  T.expect_error(function() plot.heatmap{ data = m, colormap = "magma", file = file } end,
    "plot.heatmap: unknown option 'colormap' (did you mean 'cmap'?)")
  T.expect_error(function() plot.lines{ y = { 1 }, yscale = "log", file = file } end,
    "plot.lines: unknown option 'yscale' (did you mean 'ylog'?)")
  T.expect_error(function() plot.lines{ { 1, 2 }, file = file } end,
    "plot.lines: option names must be strings, got 1 (a positional value in an option table?)")
  T.expect_error(function() plot.heatmap{ data = m, cmap = "jet", file = file } end,
    "plot.heatmap: option 'cmap' must be one of viridis, magma, gray, rdbu (or one of them + '_r', reversed), "
      .. "got 'jet'")
  T.expect_error(function() plot.heatmap{ data = m, title = 5, file = file } end,
    "plot.heatmap: option 'title' must be a string, got 5")
  T.expect_error(function() plot.heatmap{ data = m, width = -5, file = file } end,
    "plot.heatmap: option 'width' must be > 0, got -5")
  T.expect_error(function() plot.heatmap{ data = m, vmin = 0 / 0, file = file } end,
    "plot.heatmap: option 'vmin' must be a finite number, got nan")
  T.expect_error(function() plot.lines{ y = { 1 }, markers = "yes", file = file } end,
    "plot.lines: option 'markers' must be true or false, got 'yes'")
  T.expect_error(function() plot.lines{ y = { 1 }, legend = "top", file = file } end,
    "plot.lines: option 'legend' must be one of best, upper right, upper left, lower left, lower right, outside, "
      .. "none, got 'top'")
  T.expect_error(function() plot.lines{ y = { 1 }, xlim = { 2, 1 }, file = file } end,
    "plot.lines: option 'xlim' must be a table {lo, hi} of finite numbers with lo < hi, got table")
  T.expect_error(function() plot.scatter{ x = { 1 }, y = { 1 }, color = "#12345", file = file } end,
    "plot.scatter: option 'color' must be a colour ('#rrggbb', '#rgb' or a name such as 'black'), got '#12345'")
  T.expect_error(function() plot.scatter{ x = { 1 }, y = { 1 }, opacity = 2, file = file } end,
    "plot.scatter: option 'opacity' must be in [0, 1], got 2")
end)

T.test("the file option: required, .svg, and a failed write is an error", function()
  T.expect_error(function() plot.heatmap{ data = m } end, "plot.heatmap: option 'file' is required")
  T.expect_error(function() plot.heatmap{ data = m, file = "lz.png" } end,
    "plot.heatmap: option 'file' must end in .svg (chaoslab.plot writes SVG), got 'lz.png'")
  T.expect_error(function() plot.lines{ y = { 1, 2 }, file = dir .. "/no/such/folder/x.svg" } end,
    "plot.lines: cannot write '" .. dir .. "/no/such/folder/x.svg': ")
  T.expect_error(function() plot.heatmap{ data = m, file = file, width = 60, height = 60 } end,
    "plot.heatmap: the figure is too small for its labels")
end)

T.test("heatmap: data shapes", function()
  T.expect_error(function() plot.heatmap{ file = file } end, "plot.heatmap: option 'data' is required")
  T.expect_error(function() plot.heatmap{ data = {}, file = file } end, "plot.heatmap: option 'data' is empty")
  T.expect_error(function() plot.heatmap{ data = cl.zeros{ 0, 3 }, file = file } end,
    "plot.heatmap: option 'data' is empty")
  T.expect_error(function() plot.heatmap{ data = { { 1, 2 }, { 3 } }, file = file } end,
    "plot.heatmap: option 'data' has rows of different lengths: row 1 has 2 values, row 2 has 1")
  T.expect_error(function() plot.heatmap{ data = { { 1, "a" } }, file = file } end,
    "plot.heatmap: option 'data'[1] must hold numbers, got 'a' at [2]")
  T.expect_error(function() plot.heatmap{ data = { 1, 2, 3 }, file = file } end,
    "plot.heatmap: option 'data' must be a table of rows (a matrix), got 1 at [1]")
  T.expect_error(function() plot.heatmap{ data = cl.zeros(3), file = file } end,
    "plot.heatmap: option 'data' must be 2-D (rows x columns), got a chaoslab.Array of shape 3")
  T.expect_error(function() plot.heatmap{ data = "m", file = file } end,
    "plot.heatmap: option 'data' must be a 2-D chaoslab.Array, a table of rows or sweep results, got 'm'")
  T.expect_error(function() plot.heatmap{ data = m, x = { 1, 2 }, file = file } end,
    "plot.heatmap: option 'x' has 2 values for 3 columns of data")
  T.expect_error(function() plot.heatmap{ data = m, x = { 1, 3, 2 }, file = file } end,
    "plot.heatmap: option 'x' must be increasing, got 2 after 3 (at [3])")
  T.expect_error(function() plot.heatmap{ data = m, y = "b", file = file } end,
    "plot.heatmap: option 'y' must be a list of numbers when data is a matrix (names are for sweep results), got 'b'")
  T.expect_error(function() plot.heatmap{ data = m, value = "lz", file = file } end,
    "plot.heatmap: option 'value' names a sweep result; leave it out when data is a matrix, got 'lz'")
  T.expect_error(function() plot.heatmap{ data = m, vmin = 3, vmax = 1, file = file } end,
    "plot.heatmap: option 'vmax' must be > vmin (3), got 1")
end)

T.test("heatmap: sweep results", function()
  T.expect_error(function() plot.heatmap{ data = results, x = "a", y = "b", file = file } end,
    "plot.heatmap: option 'value' is required with sweep results")
  T.expect_error(function() plot.heatmap{ data = results, x = { 1 }, y = "b", value = "y", file = file } end,
    "plot.heatmap: option 'x' must name an axis of the sweep (a string) when data is sweep results, got table")
  T.expect_error(function()
    plot.heatmap{ data = results, x = "a", y = "b", value = "lzz", where = { n = 10 }, file = file }
  end,
    "plot.heatmap: option 'value' names no axis or result of the sweep, got 'lzz' (did you mean 'lz'?); it has "
      .. "a, b, n, lz, name, v, y")
  T.expect_error(function() plot.heatmap{ data = results, x = "a", y = "b", value = "y", file = file } end,
    "plot.heatmap: points 1 and 2 both sit at a = 1, b = 1; pick one value of the other axes (n) with option 'where'")
  T.expect_error(function()
    plot.heatmap{ data = results, x = "a", y = "b", value = "y", where = { n = 30 }, file = file }
  end,
    "plot.heatmap: option 'where' selects no point: n = 30 is not among its values 10, 20")
  T.expect_error(function()
    plot.heatmap{ data = results, x = "a", y = "b", value = "y", where = { nn = 10 }, file = file }
  end,
    "plot.heatmap: option 'where' names no axis of the sweep, got 'nn' (did you mean 'n'?); the axes are a, b, n")
  T.expect_error(function()
    plot.heatmap{ data = results, x = "a", y = "b", value = "v", where = { n = 10 }, file = file }
  end,
    "plot.heatmap: option 'value' names 'v', which holds 3 values per point; a plot needs one number per point")
  T.expect_error(function()
    plot.heatmap{ data = results, x = "a", y = "b", value = "name", where = { n = 10 }, file = file }
  end,
    "plot.heatmap: option 'value' names 'name', which holds text ('x' at point 1), not numbers")
  T.expect_error(function() plot.heatmap{ data = results, x = "a", y = "a", value = "y", file = file } end,
    "plot.heatmap: option 'y' must differ from x, got 'a'")
end)

T.test("raster: spikes", function()
  T.expect_error(function() plot.raster{ file = file } end,
    "plot.raster: no spikes: give 'spikes' ({times =, ids =}) or 'times' and 'ids'")
  T.expect_error(function() plot.raster{ spikes = { { times = { 1 }, ids = { 1 } } }, file = file } end,
    "plot.raster: option 'spikes' is a list of trials; pass one of them (e.g. run.spikes[1])")
  T.expect_error(function() plot.raster{ spikes = { t = { 1 } }, file = file } end,
    "plot.raster: option 'spikes' must be a table {times =, ids =}")
  T.expect_error(function() plot.raster{ times = { 1, 2, 3 }, ids = { 1, 2 }, file = file } end,
    "plot.raster: times and ids differ in length (3 times, 2 ids)")
  T.expect_error(function() plot.raster{ times = { 1 }, file = file } end,
    "plot.raster: options 'times' and 'ids' go together")
  T.expect_error(function() plot.raster{ spikes = { times = {}, ids = {} }, file = file } end,
    "plot.raster: no spikes to draw (give xlim and ylim to draw an empty raster)")
  T.expect_error(function() plot.raster{ times = { 1 }, ids = { 1 }, populations = { 5 }, file = file } end,
    "plot.raster: option 'populations'[1] must be a chaoslab.Population or a table {name =, first =, last =}, got 5")
  T.expect_error(function()
    plot.raster{ times = { 1 }, ids = { 1 }, populations = { { name = "e", frist = 1, last = 2 } }, file = file }
  end,
    "plot.raster: option 'populations'[1]: unknown option 'frist' (did you mean 'first'?)")
  T.expect_error(function()
    plot.raster{ times = { 1 }, ids = { 1 }, populations = { { name = "e", first = 5, last = 2 } }, file = file }
  end,
    "plot.raster: option 'populations'[1]: option 'last' must be >= first (5), got 2")
  T.expect_error(function() plot.raster{ times = { 1, "x" }, ids = { 1, 2 }, file = file } end,
    "plot.raster: option 'times' must hold numbers, got 'x' at [2]")
end)

T.test("lines: series, log axes and names", function()
  T.expect_error(function() plot.lines{ file = file } end,
    "plot.lines: no data: give 'series', 'y' (and 'x'), or 'data' with x and y names")
  T.expect_error(function() plot.lines{ y = { 1, 0 }, ylog = true, file = file } end,
    "plot.lines: option 'ylog' needs y > 0, got 0 (point 2)")
  T.expect_error(function() plot.lines{ series = { { x = { 1, -2 }, y = { 1, 1 } } }, xlog = true, file = file } end,
    "plot.lines: option 'xlog' needs x > 0, got -2 (series 1, point 2)")
  T.expect_error(function() plot.lines{ y = { 1, 2 }, xlog = true, xlim = { 0, 3 }, file = file } end,
    "plot.lines: option 'xlim' must be > 0 on a log axis, got 0")
  T.expect_error(function()
    plot.lines{ series = { { y = { 1 } }, { x = { 1, 2, 3 }, y = { 1, 2 } } }, file = file }
  end,
    "plot.lines: series[2]: x and y differ in length (3 x, 2 y)")
  T.expect_error(function() plot.lines{ series = { { y = { 1 }, lable = "a" } }, file = file } end,
    "plot.lines: series[1]: unknown option 'lable' (did you mean 'label'?)")
  T.expect_error(function() plot.lines{ series = { { y = { 1 }, dash = "dashdot" } }, file = file } end,
    "plot.lines: series[1]: option 'dash' must be one of solid, dashed, dotted, got 'dashdot'")
  T.expect_error(function() plot.lines{ series = { { x = { 1 } } }, file = file } end,
    "plot.lines: series[1]: option 'y' is required")
  T.expect_error(function() plot.lines{ series = { 5 }, file = file } end,
    "plot.lines: series[1] must be a table {x =, y =, ...}, got 5")
  T.expect_error(function() plot.lines{ series = { { y = { 1 } } }, y = { 1 }, file = file } end,
    "plot.lines: give either 'series' or x/y (one series), not both")
  T.expect_error(function() plot.lines{ y = { 0 / 0, 0 / 0 }, file = file } end,
    "plot.lines: no data to draw (every point is NaN or infinite, or the series are empty)")
  T.expect_error(function() plot.lines{ y = {}, file = file } end, "plot.lines: no data to draw")
  T.expect_error(function() plot.lines{ y = { 1 }, err = { 1 }, lo = { 0 }, hi = { 2 }, file = file } end,
    "plot.lines: give either 'err' or 'lo' and 'hi', not both")
  T.expect_error(function() plot.lines{ y = { 1 }, lo = { 0 }, file = file } end,
    "plot.lines: options 'lo' and 'hi' go together")
  T.expect_error(function() plot.lines{ y = { 1, 2 }, err = { 1 }, file = file } end,
    "plot.lines: option 'err' has 1 values for 2 points")
  T.expect_error(function() plot.lines{ y = "lz", file = file } end,
    "plot.lines: option 'y' is a name, which needs data = sweep results, got 'lz'")
  T.expect_error(function() plot.lines{ y = cl.zeros{ 2, 2 }, file = file } end,
    "plot.lines: option 'y' must be a name (with data = sweep results), a list of numbers or a 1-D "
      .. "chaoslab.Array, got chaoslab.Array")
  T.expect_error(function() plot.lines{ y = { 1, "a" }, file = file } end,
    "plot.lines: option 'y' must hold numbers, got 'a' at [2]")
  T.expect_error(function() plot.lines{ data = results, x = "a", y = "y", file = file } end,
    "plot.lines: points 1 and 2 share a = 1; split them with option 'by' or pick one with 'where'")
  T.expect_error(function() plot.lines{ data = m, x = "a", y = "y", file = file } end,
    "plot.lines: option 'data' must be sweep results (a table with 'params'); plain values go in x and y, got table")
  T.expect_error(function() plot.lines{ y = { 1 }, by = "n", file = file } end,
    "plot.lines: options 'by', 'where' and 'units' need data = sweep results")
end)

T.test("scatter: lengths and colour options", function()
  T.expect_error(function() plot.scatter{ y = { 1 }, file = file } end, "plot.scatter: option 'x' is required")
  T.expect_error(function() plot.scatter{ x = { 1, 2 }, y = { 1 }, file = file } end,
    "plot.scatter: x and y differ in length (2 x, 1 y)")
  T.expect_error(function() plot.scatter{ x = { 1, 2 }, y = { 1, 2 }, value = { 1 }, file = file } end,
    "plot.scatter: option 'value' has 1 values for 2 points")
  T.expect_error(function() plot.scatter{ x = { 1 }, y = { 1 }, cmap = "magma", file = file } end,
    "plot.scatter: options cmap, vmin, vmax and center colour by 'value', which is not given")
  T.expect_error(function() plot.scatter{ x = {}, y = {}, file = file } end, "plot.scatter: no data to draw")
  T.expect_error(function() plot.scatter{ x = { 1, 2 }, y = { -1, 2 }, ylog = true, file = file } end,
    "plot.scatter: option 'ylog' needs y > 0, got -1 (point 1)")
  T.expect_error(function() plot.scatter{ data = results, x = "a", y = "q", file = file } end,
    "plot.scatter: option 'y' names no axis or result of the sweep, got 'q'")
end)

T.test("histogram: values and bins", function()
  T.expect_error(function() plot.histogram{ file = file } end, "plot.histogram: no data: give 'values'")
  T.expect_error(function() plot.histogram{ values = {}, file = file } end,
    "plot.histogram: no values to count (the data is empty)")
  T.expect_error(function() plot.histogram{ values = { 0 / 0 }, file = file } end,
    "plot.histogram: no finite values to count (all are NaN or infinite)")
  T.expect_error(function() plot.histogram{ values = { 1, 2 }, bins = 0, file = file } end,
    "plot.histogram: option 'bins' must be an integer in [1, 100000] or a list of bin edges, got 0")
  T.expect_error(function() plot.histogram{ values = { 1, 2 }, bins = 2.5, file = file } end,
    "plot.histogram: option 'bins' must be an integer in [1, 100000] or a list of bin edges, got 2.5")
  T.expect_error(function() plot.histogram{ values = { 1, 2 }, bins = { 0, 2, 1 }, file = file } end,
    "plot.histogram: option 'bins' must list increasing edges, got 1 after 2 (at [3])")
  T.expect_error(function() plot.histogram{ values = 5, file = file } end,
    "plot.histogram: option 'values' must be a list of numbers or a chaoslab.Array, got 5")
  T.expect_error(function() plot.histogram{ values = { 5 }, range = { 0, 1 }, ylog = true, file = file } end,
    "plot.histogram: option 'ylog' needs a non-empty bin, got none inside the range")
  T.expect_error(function() plot.histogram{ data = results, file = file } end,
    "plot.histogram: option 'value' is required with data (the result to count)")
end)

T.test("grid: panels", function()
  T.expect_error(function() plot.grid{ file = file } end, "plot.grid: option 'panels' is required")
  T.expect_error(function() plot.grid{ panels = {}, file = file } end, "plot.grid: option 'panels' is empty")
  T.expect_error(function() plot.grid{ panels = { { data = m } }, file = file } end,
    "plot.grid: panels[1]: option 'kind' must be one of heatmap, histogram, lines, raster, scatter, got nil")
  T.expect_error(function() plot.grid{ panels = { { kind = "heatmap", data = m, file = "a.svg" } }, file = file } end,
    "plot.grid: panels[1]: unknown option 'file' (did you mean 'title'?)")
  T.expect_error(function() plot.grid{ panels = { { kind = "lines", y = { 1 } }, { kind = "heatmap", data = m,
    cmap = "jet" } }, file = file } end,
    "plot.grid: panels[2]: option 'cmap' must be one of viridis")
  T.expect_error(function() plot.grid{ panels = { { kind = "lines", y = {} } }, file = file } end,
    "plot.grid: panels[1]: no data to draw")
  T.expect_error(function() plot.grid{ panels = { { kind = "lines", y = { 1 } }, { kind = "lines", y = { 1 } },
    { kind = "lines", y = { 1 } } },
    rows = 1, cols = 2, file = file } end, "plot.grid: 3 panels do not fit into rows = 1 x cols = 2")
  T.expect_error(function() plot.grid{ panels = { "lines" }, file = file } end,
    "plot.grid: panels[1] must be a table of options, got 'lines'")
  T.expect_error(function() plot.grid{ panels = { { kind = "lines", y = { 1 } } }, cols = 0, file = file } end,
    "plot.grid: option 'cols' must be an integer >= 1, got 0")
  assert(not exists(file), "no file is written by any of these")
end)

T.done()
