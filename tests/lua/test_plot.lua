-- chaoslab.plot: every plot kind writes well-formed standalone SVG (checked by a small XML parser
-- below) with the expected number of cells, ticks, points, bars and paths, labels and titles, NaN
-- handling, readable tick numbers, rank-0-only writing, and help() entries.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/helpers.lua")
local cl = require "chaoslab"
local plot = cl.plot

local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir -p " .. T.shell_quote(dir)))
local function path(name) return dir .. "/" .. name end
local function slurp(p) local f = assert(io.open(p, "rb")); local s = f:read("a"); f:close(); return s end
local BIN = os.getenv("CHAOSLAB_TEST_BIN") or "chaoslab"

-- ---- a small XML 1.0 well-formedness checker -------------------------------------------------
-- Parses the subset SVG files use (declaration, comments, elements, attributes, text, entities)
-- and raises on anything malformed: unbalanced or crossed tags, unquoted or duplicate attributes,
-- a raw '<' or '&' in text or attribute values, text or a second element outside the root.
local ENTITIES = { ["&amp;"] = "&", ["&lt;"] = "<", ["&gt;"] = ">", ["&quot;"] = '"', ["&apos;"] = "'" }

local function check_chars(s, where)
  if s:find("<", 1, true) then error("raw '<' in " .. where .. ": " .. s:sub(1, 60), 0) end
  for entity in s:gmatch("&[^;%s]*;?") do
    if not (ENTITIES[entity] or entity:match("^&#%d+;$") or entity:match("^&#x%x+;$")) then
      error("bad entity or raw '&' in " .. where .. ": " .. entity, 0)
    end
  end
  return (s:gsub("&%a+;", ENTITIES))
end

local function parse_xml(s)
  local pos = 1
  local decl_end = select(2, s:find("^<%?xml[^?]*%?>"))
  if decl_end then pos = decl_end + 1 end
  local root, stack = nil, {}
  while true do
    local lt = s:find("<", pos, true)
    local text = s:sub(pos, (lt or #s + 1) - 1)
    if #stack == 0 then
      if not text:match("^%s*$") then error("text outside the root element: " .. text:sub(1, 40), 0) end
    else
      local top = stack[#stack]
      top.text = top.text .. check_chars(text, "the text of <" .. top.name .. ">")
    end
    if not lt then break end
    if s:sub(lt, lt + 3) == "<!--" then
      local close = s:find("-->", lt + 4, true)
      if not close then error("unterminated comment", 0) end
      pos = close + 3
    elseif s:sub(lt + 1, lt + 1) == "/" then
      local name, after = s:match("^</([%a_:][%w_:%-%.]*)%s*>()", lt)
      if not name then error("malformed end tag at byte " .. lt, 0) end
      local top = table.remove(stack)
      if not top then error("end tag </" .. name .. "> without a start tag", 0) end
      if top.name ~= name then error("<" .. top.name .. "> closed by </" .. name .. ">", 0) end
      pos = after
    else
      local name, p = s:match("^<([%a_:][%w_:%-%.]*)()", lt)
      if not name then error("malformed start tag at byte " .. lt, 0) end
      local el = { name = name, attrs = {}, children = {}, text = "" }
      local closed
      while true do
        local ws, q = s:match("^(%s*)()", p)
        if s:sub(q, q + 1) == "/>" then closed, p = true, q + 2 break end
        if s:sub(q, q) == ">" then closed, p = false, q + 1 break end
        if #ws == 0 then error("<" .. name .. ">: attributes must be separated by white space", 0) end
        local attr, quote, v0 = s:match("^([%a_:][%w_:%-%.]*)%s*=%s*([\"'])()", q)
        if not attr then error("<" .. name .. ">: malformed or unquoted attribute near: " .. s:sub(q, q + 30), 0) end
        local v1 = s:find(quote, v0, true)
        if not v1 then error("<" .. name .. ">: unterminated attribute " .. attr, 0) end
        if el.attrs[attr] ~= nil then error("<" .. name .. ">: duplicate attribute " .. attr, 0) end
        el.attrs[attr] = check_chars(s:sub(v0, v1 - 1), "attribute " .. attr .. " of <" .. name .. ">")
        p = v1 + 1
      end
      if #stack == 0 then
        if root then error("a second root element <" .. name .. ">", 0) end
        root = el
      else
        table.insert(stack[#stack].children, el)
      end
      if not closed then stack[#stack + 1] = el end
      pos = p
    end
  end
  if #stack > 0 then error("<" .. stack[#stack].name .. "> is never closed", 0) end
  if not root then error("no root element", 0) end
  return root
end

-- Every element below el (el included) for which pred(element) is true, in document order.
local function find_all(el, pred, out)
  out = out or {}
  if pred(el) then out[#out + 1] = el end
  for _, c in ipairs(el.children) do find_all(c, pred, out) end
  return out
end
local function with_class(root, class)
  return find_all(root, function(e) return e.attrs.class == class end)
end
local function named(root, name)
  return find_all(root, function(e) return e.name == name end)
end
local function texts(root, class)
  local list = {}
  for _, e in ipairs(with_class(root, class)) do list[#list + 1] = e.text end
  return list
end
local function has_text(root, s)
  for _, e in ipairs(named(root, "text")) do if e.text == s then return true end end
  return false
end

-- Parses the file and checks what every chaoslab figure must be: a standalone SVG 1.1 document.
local function load_svg(file)
  local root = parse_xml(slurp(file))
  T.eq(root.name, "svg")
  T.eq(root.attrs.xmlns, "http://www.w3.org/2000/svg")
  T.eq(root.attrs.version, "1.1")
  assert(tonumber(root.attrs.width) and tonumber(root.attrs.height), "width and height are numbers")
  -- Standalone: no references to external files.
  for _, e in ipairs(find_all(root, function() return true end)) do
    for name, v in pairs(e.attrs) do
      assert(not (name:find("href") and not v:match("^#")), "external reference in " .. e.name)
    end
  end
  return root
end

-- Tick labels are short decimal numbers: no float noise such as 0.30000000000000004.
local function assert_readable(labels)
  for _, l in ipairs(labels) do
    assert(#l <= 8, "tick label too long: " .. l)
    assert(l:match("^%-?[%d.]+$") or l:match("^%-?%d[%d.]*e%-?%d+$"), "tick label is not a plain number: " .. l)
  end
end

T.test("the XML checker refuses malformed documents (so the tests below can fail)", function()
  for _, bad in ipairs {
    '<svg><g></svg>', '<svg><a></b></svg>', '<svg x=1/>', '<svg x="1" x="2"/>', '<svg>a < b</svg>',
    '<svg>AT&T</svg>', '<svg/><svg/>', 'text<svg/>', '<svg t="a<b"/>', '<svg x="1"y="2"/>' } do
    assert(not pcall(parse_xml, bad), "accepted: " .. bad)
  end
  local root = parse_xml('<?xml version="1.0"?><svg a="x &amp; y"><t>1 &lt; 2</t><!-- c --><e/></svg>')
  T.eq(root.attrs.a, "x & y")
  T.eq(root.children[1].text, "1 < 2")
  T.eq(#root.children, 2)
end)

-- ---- heatmap ---------------------------------------------------------------------------------

T.test("heatmap of a matrix: a cell per entry, NaN cells hatched in place, colour bar, escaped title", function()
  local m = {}
  for i = 1, 4 do m[i] = {} for j = 1, 5 do m[i][j] = i * j end end
  m[2][3] = 0 / 0
  local file = path("matrix.svg")
  T.eq(plot.heatmap{ data = m, file = file, title = "i*j <heat> & 'map'", label = "product", xlabel = "column",
    ylabel = "row" }, file)
  local svg = load_svg(file)
  local cells, nan = with_class(svg, "cell"), with_class(svg, "nan-cell")
  T.eq(#cells, 19, "finite cells")
  T.eq(#nan, 1, "NaN cells")
  assert(nan[1].attrs.fill:match("^url%(#"), "NaN cells are filled with the hatch pattern")
  -- Cell (row 2, column 3): the third column from the left, the second row from the bottom.
  local xs, ys = {}, {}
  for _, c in ipairs(cells) do xs[tonumber(c.attrs.x)] = true; ys[tonumber(c.attrs.y)] = true end
  local function sorted(set) local l = {} for v in pairs(set) do l[#l + 1] = v end table.sort(l) return l end
  xs, ys = sorted(xs), sorted(ys)
  T.eq(#xs, 5); T.eq(#ys, 4)
  T.eq(tonumber(nan[1].attrs.x), xs[3])
  T.eq(tonumber(nan[1].attrs.y), ys[3], "row 2 counted from the bottom")
  -- Lowest value (1) gets the map's first colour, the highest (20) its last.
  local by_fill = {}
  for _, c in ipairs(cells) do by_fill[c.attrs.fill] = (by_fill[c.attrs.fill] or 0) + 1 end
  T.eq(by_fill["#440154"], 1, "viridis bottom colour for the minimum")
  T.eq(by_fill["#fde725"], 1, "viridis top colour for the maximum")
  assert(has_text(svg, "i*j <heat> & 'map'"), "the title, escaped in the file, reads back unchanged")
  assert(has_text(svg, "product"), "colour bar label")
  assert(has_text(svg, "column") and has_text(svg, "row"), "axis labels")
  assert(has_text(svg, "no value (1)"), "NaN legend note")
  T.eq(table.concat(texts(svg, "xtick"), ","), "1,2,3,4,5")
  T.eq(table.concat(texts(svg, "ytick"), ","), "1,2,3,4")
  T.eq(#named(svg, "linearGradient"), 1, "colour bar gradient")
  assert_readable(texts(svg, "ctick"))
end)

T.test("heatmap accepts a 2-D chaoslab.Array with x and y coordinates, and a diverging map centred on 0", function()
  local a = cl.array({ -1, 0, 2, 3, -4, 5 }, { 2, 3 })
  local file = path("array.svg")
  plot.heatmap{ data = a, x = cl.linspace(0.1, 0.3, 3), y = { 10, 20 }, cmap = "rdbu", center = 0, file = file }
  local svg = load_svg(file)
  T.eq(#with_class(svg, "cell"), 6)
  T.eq(#with_class(svg, "nan-cell"), 0)
  assert(not has_text(svg, "no value (0)"), "no NaN note without NaN cells")
  T.eq(table.concat(texts(svg, "xtick"), ","), "0.1,0.2,0.3")
  T.eq(table.concat(texts(svg, "ytick"), ","), "10,20")
  -- Symmetric about 0: the colour bar runs from -5 to 5, so 0 is the map's middle (near white).
  local ct = texts(svg, "ctick")
  T.eq(ct[1], "-5"); T.eq(ct[#ct], "5")
  for _, c in ipairs(with_class(svg, "cell")) do
    if c.attrs.x == with_class(svg, "cell")[2].attrs.x and c.attrs.y == with_class(svg, "cell")[2].attrs.y then
      T.eq(c.attrs.fill, "#f7f7f7", "value 0 is the middle of rdbu")
    end
  end
end)

T.test("heatmap of sweep results grids the points by their x and y values; missing points are NaN cells", function()
  -- A 3 x 4 grid given as a list with one point left out and one result NaN.
  local points = {}
  for _, g in ipairs { 0.1, 0.2, 0.3 } do
    for _, v in ipairs { 1, 2, 3, 4 } do
      if not (g == 0.3 and v == 4) then points[#points + 1] = { g_std = g, v_th_std = v } end
    end
  end
  local results = cl.sweep{ points = points, progress = false,
    run = function(p) return { lz = (p.g_std == 0.1 and p.v_th_std == 1) and 0 / 0 or p.g_std * 10 + p.v_th_std } end }
  local file = path("sweep.svg")
  T.eq(plot.heatmap{ data = results, x = "g_std", y = "v_th_std", value = "lz", file = file,
    units = { g_std = "mV", v_th_std = "mV" } }, file)
  local svg = load_svg(file)
  T.eq(#with_class(svg, "cell"), 10)
  T.eq(#with_class(svg, "nan-cell"), 2, "one missing point, one NaN result")
  assert(has_text(svg, "g_std (mV)") and has_text(svg, "v_th_std (mV)"), "axis labels with units")
  assert(has_text(svg, "lz"), "colour bar label defaults to the value's name")
  assert(has_text(svg, "no value (2)"))
  T.eq(table.concat(texts(svg, "xtick"), ","), "0.1,0.2,0.3")
  T.eq(table.concat(texts(svg, "ytick"), ","), "1,2,3,4")
end)

T.test("heatmap of a three-axis sweep picks a slice with 'where'", function()
  local results = cl.sweep{ params = { a = { 1, 2 }, b = { 1, 2, 3 }, n = { 10, 20 } }, progress = false,
    run = function(p) return { y = p.a + p.b + p.n } end }
  local file = path("where.svg")
  plot.heatmap{ data = results, x = "a", y = "b", value = "y", where = { n = 20 }, file = file }
  local svg = load_svg(file)
  T.eq(#with_class(svg, "cell"), 6)
  -- Values 22..25 only (n = 20; 12..15 with n = 10 would pull the colour bar down).
  local ct = texts(svg, "ctick")
  T.eq(ct[1], "22.0"); T.eq(ct[#ct], "25.0")
end)

T.test("heatmap of a sweep with failed points (child process: failures set the exit status)", function()
  local file = path("failed.svg")
  local script = path("failed.lua")
  local f = assert(io.open(script, "w"))
  f:write(string.format([[
    local cl = require "chaoslab"
    local r = cl.sweep{ params = { x = {1, 2, 3}, y = {1, 2} }, progress = false,
      run = function(p) if p.x == 2 and p.y == 2 then error("diverged") end return { v = p.x * p.y } end }
    print(cl.plot.heatmap{ data = r, x = "x", y = "y", value = "v", file = %q })
  ]], file))
  f:close()
  local out, _, _, rc = T.run(T.shell_quote(BIN) .. " " .. T.shell_quote(script))
  T.eq(rc, 1, "the sweep's failure still sets the exit status")
  T.contains(out, file)
  local svg = load_svg(file)
  T.eq(#with_class(svg, "cell"), 5)
  T.eq(#with_class(svg, "nan-cell"), 1, "the failed point")
end)

T.test("heatmap over a text axis of a sweep: one tick per category, in the sweep's order", function()
  local results = cl.sweep{ params = { synapse = { "exponential", "delta", "alpha" }, g = { 1, 2 } }, progress = false,
    run = function(p) return { y = #p.synapse * p.g } end }
  local file = path("categories.svg")
  plot.heatmap{ data = results, x = "synapse", y = "g", value = "y", file = file }
  local svg = load_svg(file)
  T.eq(#with_class(svg, "cell"), 6)
  T.eq(table.concat(texts(svg, "xtick"), ","), "exponential,delta,alpha")
end)

T.test("heatmap: many cells get nice 1-2-5 ticks, not one per cell", function()
  local m = {}
  for i = 1, 20 do m[i] = {} for j = 1, 20 do m[i][j] = i + j end end
  local file = path("big.svg")
  plot.heatmap{ data = m, x = cl.linspace(0.05, 0.5, 20), y = cl.linspace(0.05, 0.5, 20), file = file }
  local svg = load_svg(file)
  T.eq(#with_class(svg, "cell"), 400)
  local xt = texts(svg, "xtick")
  assert(#xt >= 3 and #xt <= 8, "between 3 and 8 x ticks, got " .. #xt)
  T.eq(table.concat(xt, ","), "0.1,0.2,0.3,0.4,0.5")
  assert_readable(texts(svg, "ytick"))
end)

-- ---- raster ----------------------------------------------------------------------------------

-- Counts the "M x y v h" moves of a raster path.
local function ticks_in(d) local n = 0 for _ in d:gmatch("M") do n = n + 1 end return n end
-- The raster's population groups, each {stroke =, ticks =, paths =}.
local function populations(svg)
  local list = {}
  for _, g in ipairs(with_class(svg, "population")) do
    local n, paths = 0, with_class(g, "spikes")
    for _, p in ipairs(paths) do n = n + ticks_in(p.attrs.d) end
    list[#list + 1] = { stroke = g.attrs.stroke, ticks = n, paths = paths }
  end
  return list
end

T.test("raster of net:run spikes: one path per population, one tick per spike, legend", function()
  local net = cl.network{ seed = 3 }
  local exc = net:lif{ n = 40, name = "exc" }
  local inh = net:lif{ n = 10, name = "inh" }
  net:poisson(exc, { rate = 300, weight = 2.5 })
  net:poisson(inh, { rate = 300, weight = 2.5 })
  local run = net:run{ duration = 200, dt = 0.1 }
  local spikes = run.spikes[1]
  assert(#spikes.times > 50, "the network spikes")
  local n_exc, n_inh = 0, 0
  for i = 1, #spikes.ids do if spikes.ids[i] <= 40 then n_exc = n_exc + 1 else n_inh = n_inh + 1 end end
  local file = path("raster.svg")
  T.eq(plot.raster{ spikes = spikes, populations = net:populations(), file = file, title = "raster" }, file)
  local svg = load_svg(file)
  local pops = populations(svg)
  T.eq(#pops, 2, "one group per population")
  T.eq(#pops[1].paths, 1, "a few spikes fit one path")
  T.eq(pops[1].ticks, n_exc)
  T.eq(pops[2].ticks, n_inh)
  assert(pops[1].stroke ~= pops[2].stroke, "populations get different colours")
  assert(has_text(svg, "exc") and has_text(svg, "inh"), "legend entries")
  assert(has_text(svg, "time (ms)") and has_text(svg, "neuron") and has_text(svg, "raster"))
  -- Every tick is "M<x> <y>v<h>" with at most one decimal: compact and inside the plot area.
  local frame = with_class(svg, "frame")[1].attrs
  local x0, x1 = tonumber(frame.x), tonumber(frame.x) + tonumber(frame.width)
  for x, y in pops[1].paths[1].attrs.d:gmatch("M([%d.]+) ([%d.]+)v") do
    assert(not x:match("%.%d%d") and not y:match("%.%d%d"), "coordinates rounded to 0.1 px")
    assert(tonumber(x) >= x0 - 0.05 and tonumber(x) <= x1 + 0.05, "tick inside the plot area")
  end
  T.eq(texts(svg, "xtick")[#texts(svg, "xtick")], "200", "time axis ends on a round number")
end)

T.test("raster of a perturbation's control spikes; its list of twins is refused with a hint", function()
  local net = cl.network{ seed = 5 }
  local exc = net:lif{ n = 30 }
  net:poisson(exc, { rate = 300, weight = 2.5 })
  local r = cl.perturbation{ network = net, baseline = 20, observe = 50, kick = cl.extra_spike{ neurons = 2 },
    spikes = true }
  local file = path("control.svg")
  plot.raster{ spikes = r.control, file = file }
  local svg = load_svg(file)
  T.eq(populations(svg)[1].ticks, #r.control.times)
  T.expect_error(function() plot.raster{ spikes = r.twin_spikes, file = file } end,
    "plot.raster: option 'spikes' is a list of trials; pass one of them (e.g. run.spikes[1])")
end)

T.test("raster draws 10^5 spikes compactly, in paths of at most 50000 ticks, quickly", function()
  local n = 100000
  local times, ids = {}, {}
  for i = 1, n do times[i] = (i - 1) * 0.01; ids[i] = (i * 7919) % 1000 + 1 end
  local file = path("big_raster.svg")
  local t0 = cl.clock()
  plot.raster{ times = cl.array(times), ids = cl.array(ids), file = file }
  local elapsed = cl.clock() - t0
  local svg = load_svg(file)
  local pops = populations(svg)
  T.eq(#pops, 1)
  -- XML readers (libxml2, hence rsvg) refuse attributes over 10 MB: long rasters are split.
  T.eq(#pops[1].paths, 2)
  for _, p in ipairs(pops[1].paths) do assert(#p.attrs.d < 1e6, "path data of " .. #p.attrs.d .. " bytes") end
  -- Ticks that fall on the same 0.1 px are drawn once; nearly all of these are distinct.
  local drawn = pops[1].ticks
  assert(drawn > 0.9 * n and drawn <= n, "ticks drawn: " .. drawn)
  local size = #slurp(file)
  assert(size < 25 * n, "file size " .. size .. " bytes for " .. n .. " spikes")
  assert(elapsed < 20, "took " .. elapsed .. " s")  -- generous: a guard against quadratic work, not a benchmark
end)

T.test("dense rasters (over 200000 spikes shown) snap to pixel columns and stay small", function()
  local n = 300000
  local times, ids = {}, {}
  for i = 1, n do times[i] = (i - 1) * 0.01; ids[i] = (i * 7919) % 500 + 1 end
  local file = path("dense.svg")
  plot.raster{ times = times, ids = ids, file = file }
  local svg = load_svg(file)
  local pops = populations(svg)
  local frame = with_class(svg, "frame")[1].attrs
  local columns, rows = tonumber(frame.width), tonumber(frame.height)
  assert(pops[1].ticks <= (columns + 1) * (rows + 1), "at most one tick per pixel: " .. pops[1].ticks)
  for _, p in ipairs(pops[1].paths) do
    for x, y in p.attrs.d:gmatch("M([%d.]+) ([%d.]+)v") do
      assert(x:match("^%d+%.5$") and y:match("^%d+$"), "pixel-centre x and whole-pixel y, got " .. x .. " " .. y)
    end
  end
  assert(#slurp(file) < 5e6, "a few MB at most")
end)

T.test("raster: spikes outside xlim/ylim are left out; populations as plain ranges", function()
  local file = path("window.svg")
  plot.raster{ times = { 1, 5, 10, 15, 20 }, ids = { 1, 2, 3, 4, 5 }, xlim = { 4, 16 }, ylim = { 0.5, 4.5 },
    populations = { { name = "a", first = 1, last = 2 }, { name = "b", first = 3, last = 5, color = "#ff0000" } },
    file = file }
  local svg = load_svg(file)
  local pops = populations(svg)
  T.eq(#pops, 2)
  T.eq(pops[1].ticks, 1, "t = 5 (id 2) only")
  T.eq(pops[2].ticks, 2, "t = 10, 15 (ids 3, 4); id 5 is above ylim")
  T.eq(pops[2].stroke, "#ff0000")
  T.eq(table.concat(texts(svg, "ytick"), ","), "1,2,3,4", "neuron ids are whole numbers")
end)

T.test("raster of an empty spike train with explicit limits says so", function()
  local file = path("silent.svg")
  plot.raster{ times = {}, ids = {}, xlim = { 0, 100 }, ylim = { 0.5, 10.5 }, file = file }
  local svg = load_svg(file)
  T.eq(#with_class(svg, "spikes"), 0)
  T.eq(#with_class(svg, "population"), 0)
  assert(has_text(svg, "no spikes"))
end)

-- ---- lines -----------------------------------------------------------------------------------

T.test("lines: one path per series, legend, error band, NaN breaks the line", function()
  local x, y1, y2, err = {}, {}, {}, {}
  for i = 1, 10 do x[i] = i; y1[i] = i * 0.1; y2[i] = 1 - i * 0.05; err[i] = 0.02 end
  y1[5] = 0 / 0
  local file = path("lines.svg")
  plot.lines{ series = { { x = x, y = y1, err = err, label = "rising" },
                         { x = cl.array(x), y = cl.array(y2), label = "falling", dash = "dashed" } },
    xlabel = "time (ms)", ylabel = "distance", title = "two series", file = file }
  local svg = load_svg(file)
  local series = with_class(svg, "series")
  T.eq(#series, 2)
  local _, moves = series[1].attrs.d:gsub("M", "")
  T.eq(moves, 2, "the NaN splits series 1 into two runs")
  local _, segs = series[1].attrs.d:gsub("L", "")
  T.eq(segs, 7, "4 + 5 points joined by 3 + 4 segments")
  local _, moves2 = series[2].attrs.d:gsub("M", "")
  T.eq(moves2, 1)
  T.eq(series[2].attrs["stroke-dasharray"], "6 4")
  T.eq(#with_class(svg, "band"), 1, "one band (series 1 has err)")
  assert(has_text(svg, "rising") and has_text(svg, "falling"), "legend")
  -- legend = "best" (the default) avoids the lines: here only the lower right corner is free.
  local box = named(with_class(svg, "legend")[1], "rect")[1].attrs
  local frame = with_class(svg, "frame")[1].attrs
  assert(tonumber(box.x) > tonumber(frame.x) + tonumber(frame.width) / 2, "legend on the right")
  assert(tonumber(box.y) > tonumber(frame.y) + tonumber(frame.height) / 2, "legend at the bottom")
  assert(has_text(svg, "time (ms)") and has_text(svg, "distance") and has_text(svg, "two series"))
  assert_readable(texts(svg, "xtick")); assert_readable(texts(svg, "ytick"))
end)

T.test("lines with log axes: decade ticks, every point placed by its logarithm", function()
  local x, y = {}, {}
  for i = 0, 4 do x[#x + 1] = 10 ^ i; y[#y + 1] = 10 ^ (-i) end
  local file = path("loglog.svg")
  plot.lines{ x = x, y = y, xlog = true, ylog = true, markers = true, file = file }
  local svg = load_svg(file)
  local xt = texts(svg, "xtick")
  T.eq(table.concat(xt, ","), "1,10,100,1000,10000")
  T.eq(table.concat(texts(svg, "ytick"), ","), "0.0001,0.001,0.01,0.1,1")
  -- Equal ratios are equal distances on a log axis.
  local pts = with_class(svg, "point")
  T.eq(#pts, 5)
  local d1 = tonumber(pts[2].attrs.cx) - tonumber(pts[1].attrs.cx)
  local d2 = tonumber(pts[5].attrs.cx) - tonumber(pts[4].attrs.cx)
  assert(math.abs(d1 - d2) < 0.02, "decades equally spaced")
end)

T.test("lines from sweep results: one series per value of 'by', sorted by x, with units", function()
  local results = cl.sweep{ params = { g = { 0.5, 1.5, 1.0 }, n = { 100, 200 } }, progress = false,
    run = function(p) return { lambda = p.g * p.n / 100, lambda_std = 0.1 } end }
  local file = path("by.svg")
  plot.lines{ data = results, x = "g", y = "lambda", err = "lambda_std", by = "n", units = { lambda = "1/ms" },
    file = file }
  local svg = load_svg(file)
  local series = with_class(svg, "series")
  T.eq(#series, 2)
  assert(has_text(svg, "n = 100") and has_text(svg, "n = 200"), "legend per value of by")
  assert(has_text(svg, "lambda (1/ms)") and has_text(svg, "g"))
  T.eq(#with_class(svg, "band"), 2)
  -- Sorted by g: x coordinates of the path increase.
  local last = -1
  for x in series[1].attrs.d:gmatch("[ML]([%d.]+) ") do
    assert(tonumber(x) > last, "x increases")
    last = tonumber(x)
  end
end)

-- ---- scatter ---------------------------------------------------------------------------------

T.test("scatter: one circle per finite point, colour bar for values, NaN coordinates counted", function()
  local x, y, v = {}, {}, {}
  for i = 1, 30 do x[i] = i; y[i] = i * i; v[i] = i end
  x[3] = 0 / 0
  v[7] = 0 / 0
  local file = path("scatter.svg")
  plot.scatter{ x = x, y = cl.array(y), value = v, label = "index", xlabel = "i", ylabel = "i^2", file = file }
  local svg = load_svg(file)
  T.eq(#with_class(svg, "point"), 28)
  T.eq(#with_class(svg, "nan-point"), 1, "NaN value: drawn hollow")
  assert(has_text(svg, "index"), "colour bar label")
  assert(has_text(svg, "1 point with NaN x or y not shown"))
  assert(has_text(svg, "no value (1)"))
  T.eq(#named(svg, "linearGradient"), 1)
end)

T.test("scatter of sweep results by name", function()
  local results = cl.sweep{ params = { a = { 1, 2, 3 } }, progress = false,
    run = function(p) return { b = p.a * 2, c = -p.a } end }
  local file = path("scatter_sweep.svg")
  plot.scatter{ data = results, x = "a", y = "b", value = "c", file = file }
  local svg = load_svg(file)
  T.eq(#with_class(svg, "point"), 3)
  assert(has_text(svg, "a") and has_text(svg, "b") and has_text(svg, "c"))
end)

-- ---- histogram -------------------------------------------------------------------------------

T.test("histogram: one bar per bin, heights are the counts, NaN left out and noted", function()
  local values = { 0.5, 1.5, 1.6, 2.5, 2.6, 2.7, 3.5, 0 / 0 }
  local file = path("hist.svg")
  plot.histogram{ values = values, bins = { 0, 1, 2, 3, 4 }, xlabel = "x (mV)", file = file }
  local svg = load_svg(file)
  local bars = with_class(svg, "bar")
  T.eq(#bars, 4)
  local h = {}
  for i, b in ipairs(bars) do h[i] = tonumber(b.attrs.height) end
  -- Counts 1, 2, 3, 1: heights proportional.
  assert(math.abs(h[2] / h[1] - 2) < 0.02 and math.abs(h[3] / h[1] - 3) < 0.02 and math.abs(h[4] - h[1]) < 0.02,
    "heights " .. table.concat(h, ","))
  assert(has_text(svg, "1 NaN/inf not counted"))
  for _, l in ipairs(texts(svg, "ytick")) do assert(l:match("^%d+$"), "counts are whole numbers: " .. l) end
  assert(has_text(svg, "count") and has_text(svg, "x (mV)"))
  T.eq(table.concat(texts(svg, "xtick"), ","), "0.0,0.5,1.0,1.5,2.0,2.5,3.0,3.5,4.0")
end)

T.test("histogram of an N-D array with a bin count and density", function()
  local a = cl.array({ 1, 2, 2, 3, 3, 3, 4, 4, 4, 4 }, { 2, 5 })
  local file = path("density.svg")
  plot.histogram{ values = a, bins = 4, density = true, file = file }
  local svg = load_svg(file)
  T.eq(#with_class(svg, "bar"), 4)
  assert(has_text(svg, "density"))
  local yt = texts(svg, "ytick")
  assert_readable(yt)
end)

-- ---- grid ------------------------------------------------------------------------------------

T.test("grid: several panels of different kinds in one file, ids unique", function()
  local m = { { 1, 2 }, { 3, 0 / 0 } }
  local file = path("grid.svg")
  T.eq(plot.grid{ file = file, title = "overview", cols = 2, panels = {
    { kind = "heatmap", data = m, title = "A" },
    { kind = "heatmap", data = m, cmap = "magma", title = "B" },
    { kind = "lines", y = { 1, 3, 2 }, title = "C" },
    { kind = "histogram", values = { 1, 2, 2, 3 }, title = "D" },
    { kind = "raster", times = { 1, 2 }, ids = { 1, 2 }, title = "E" },
  } }, file)
  local svg = load_svg(file)
  T.eq(#with_class(svg, "panel"), 5)
  T.eq(#with_class(svg, "cell"), 6)
  T.eq(#with_class(svg, "nan-cell"), 2)
  T.eq(#with_class(svg, "series"), 1)
  T.eq(#with_class(svg, "bar") >= 1, true)
  T.eq(#with_class(svg, "spikes"), 1)
  for _, t in ipairs { "overview", "A", "B", "C", "D", "E" } do assert(has_text(svg, t), "title " .. t) end
  local ids = {}
  for _, e in ipairs(find_all(svg, function(e) return e.attrs.id ~= nil end)) do
    assert(not ids[e.attrs.id], "duplicate id " .. e.attrs.id)
    ids[e.attrs.id] = true
  end
  -- 3 rows x 2 columns by default width/height: 960 x 1080.
  T.eq(svg.attrs.width, "960"); T.eq(svg.attrs.height, "1080")
end)

-- ---- files, ranks and help ---------------------------------------------------------------------

T.test("only rank 0 writes: under mpirun -n 2, rank 1 gets the path back without touching the file", function()
  if not os.execute("command -v mpirun > /dev/null 2>&1") then print("skipped: no mpirun") return end
  local file = path("ranks.svg")
  local script = path("ranks.lua")
  local f = assert(io.open(script, "w"))
  -- Rank 1 is given a path in a folder that does not exist: any write there would fail. io.write,
  -- not print: the host silences print() on ranks other than 0.
  f:write(string.format([[
    local cl = require "chaoslab"
    local file = cl.rank() == 0 and %q or %q
    local got = cl.plot.lines{ y = {1, 2, 3}, file = file }
    io.write("rank ", cl.rank(), " of ", cl.ranks(), " got ", got, "\n")
  ]], file, path("missing-folder/ranks.svg")))
  f:close()
  local out, ok = T.run(T.mpirun(2) .. T.shell_quote(BIN) .. " "
    .. T.shell_quote(script))
  if out:find("rank 0 of 1", 1, true) then print("skipped: a build without MPI") return end
  assert(ok, "both ranks succeed: " .. out)
  T.contains(out, "rank 0 of 2 got " .. file)
  T.contains(out, "rank 1 of 2 got " .. path("missing-folder/ranks.svg"))
  load_svg(file)
end)

T.test("files are replaced whole: no temporary file is left behind", function()
  local file = path("replace.svg")
  plot.lines{ y = { 1, 2 }, file = file }
  plot.lines{ y = { 2, 1 }, file = file, title = "second" }
  assert(has_text(load_svg(file), "second"))
  assert(not io.open(file .. ".tmp"), "no .tmp file")
end)

T.test("help documents every option of every plot function, with defaults and units", function()
  for _, name in ipairs { "heatmap", "raster", "lines", "scatter", "histogram", "grid" } do
    local text = cl.doc(plot[name])
    T.contains(text, "plot." .. name .. "{")
    T.contains(text, "Options:")
    T.contains(text, "file ")
    T.contains(text, "(default required)")
  end
  local h = cl.doc(plot.heatmap)
  for _, o in ipairs { "data", "x", "y", "value", "where", "units", "cmap", "vmin", "vmax", "center", "label", "xlabel",
    "ylabel", "title", "file", "width", "height", "font_size" } do
    assert(h:find("\n  " .. o .. " ", 1, true), "help(plot.heatmap) lists " .. o)
  end
  T.contains(h, "(default 'viridis')")
  T.contains(h, "(default 640) [px]")
  T.contains(cl.doc(plot.raster), "[ms]")
  T.contains(cl.doc("chaoslab.plot"), "heatmap, raster, lines, scatter, histogram, grid")
  T.contains(cl.doc("plot.lines"), "xlog")
end)

T.done()
