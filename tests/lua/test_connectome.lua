-- chaoslab.connectome through the real binary: the result table's shape, write -> read round trips
-- in every format, selection and signs, the synthetic graph's properties, and the error messages
-- of options and malformed files.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/helpers.lua")
local cl = require "chaoslab"

local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir -p " .. T.shell_quote(dir)))
local function path(name) return dir .. "/" .. name end
local function write_text(name, text)
  local f = assert(io.open(path(name), "w"))
  f:write(text)
  f:close()
  return path(name)
end

local SIGNS = { ACh = 1, GABA = -1, Glu = -1 }

local function same(a, b, what)
  T.eq(#a, #b, what .. " length")
  for k = 1, #a do
    if a[k] ~= b[k] then error(string.format("%s[%d]: %s ~= %s", what, k, tostring(a[k]), tostring(b[k])), 2) end
  end
end

local function same_graph(a, b)
  T.eq(a.n, b.n, "n")
  same(a.ids, b.ids, "ids")
  same(a.pre, b.pre, "pre")
  same(a.post, b.post, "post")
  same(a.weight, b.weight, "weight")
  if a.types or b.types then same(a.types, b.types, "types") end
  if a.regions or b.regions then same(a.regions, b.regions, "regions") end
end

local function degrees(c)
  local out, inn = {}, {}
  for i = 1, c.n do out[i], inn[i] = 0, 0 end
  for k = 1, #c.pre do
    out[c.pre[k]] = out[c.pre[k]] + 1
    inn[c.post[k]] = inn[c.post[k]] + 1
  end
  return out, inn
end

T.test("read returns the documented table shape", function()
  local p = write_text("small.csv", "pre,post,weight\n10,20,1.5\n20,10,2\n30,10,0.25\n")
  local n = write_text("small_neurons.csv", "id,type,region\n10,ACh,EB\n20,GABA,EB\n30,Glu,FB\n40,ACh,FB\n")
  local c = cl.connectome.read(p, { neurons = n, signs = SIGNS })
  T.eq(c.n, 4); T.eq(c.format, "csv"); T.eq(c.path, p)
  for _, key in ipairs { "pre", "post", "weight", "ids", "sign" } do T.eq(cl.type(c[key]), "chaoslab.Array", key) end
  T.eq(type(c.types), "table"); T.eq(type(c.regions), "table")
  same(c.ids, { 10, 20, 30, 40 }, "ids")
  -- Edges sorted by post, then pre: 20 -> 10, 30 -> 10, 10 -> 20; signed by the presynaptic type.
  same(c.pre, { 2, 3, 1 }, "pre")
  same(c.post, { 1, 1, 2 }, "post")
  same(c.weight, { -2, -0.25, 1.5 }, "weight")
  same(c.types, { "ACh", "GABA", "Glu", "ACh" }, "types")
  same(c.sign, { 1, -1, -1, 1 }, "sign")
  local bare = cl.connectome.read(p)
  T.eq(bare.types, nil); T.eq(bare.regions, nil); T.eq(bare.sign, nil); T.eq(bare.n, 3)
end)

T.test("write -> read is exact in csv, mtx and h5", function()
  local c = cl.connectome.synthetic { n = 120, mean_degree = 6, seed = cl.seed { session = 4 },
                                      regions = { EB = 0.5, FB = 0.5 } }
  -- Weights that need 17 digits.
  local w = {}
  for k = 1, #c.weight do w[k] = c.weight[k] / 3 * (k % 2 == 0 and -1 or 1) end
  c.weight = cl.array(w)
  for _, f in ipairs { "csv", "mtx", "h5" } do
    local file, neurons = path("rt." .. f), path("rt_neurons_" .. f .. ".csv")
    T.eq(cl.connectome.write(file, c, { neurons = f ~= "h5" and neurons or nil }), true)
    same_graph(cl.connectome.read(file, { neurons = f ~= "h5" and neurons or nil }), c)
  end
  -- The transposed layout reads back with the same orientation.
  cl.connectome.write(path("rt_t.h5"), c, { orientation = "pre_post" })
  same_graph(cl.connectome.read(path("rt_t.h5"), { orientation = "pre_post" }), c)
  -- A format that is not the extension's.
  cl.connectome.write(path("rt.dat"), c, { format = "h5" })
  same_graph(cl.connectome.read(path("rt.dat"), { format = "h5" }), c)
end)

T.test("ids beyond 2^53 come back exactly as Lua integers", function()
  local big = { 720575940612345678, 720575940612345679 }
  cl.connectome.write(path("big.csv"), { n = 2, ids = big, pre = { 1 }, post = { 2 }, weight = { 3 } })
  local c = cl.connectome.read(path("big.csv"))
  T.eq(type(c.ids), "table")
  T.eq(math.type(c.ids[1]), "integer")
  T.eq(c.ids[1], big[1]); T.eq(c.ids[2], big[2])
  local s = cl.connectome.read(path("big.csv"), { select = { big[2] } })
  T.eq(s.n, 1); T.eq(#s.pre, 0); T.eq(s.ids[1], big[2])
end)

T.test("region and select give the induced sub-graph", function()
  local c = cl.connectome.synthetic { n = 200, mean_degree = 8, seed = 7, regions = { EB = 0.3, FB = 0.7 } }
  cl.connectome.write(path("roi.h5"), c)
  local roi = cl.connectome.read(path("roi.h5"), { region = "EB", signs = SIGNS })
  T.eq(roi.n, 60)
  -- Independent filter of the full graph.
  local index, ids = {}, {}
  for i = 1, c.n do
    if c.regions[i] == "EB" then ids[#ids + 1] = c.ids[i]; index[i] = #ids end
  end
  same(roi.ids, ids, "ids")
  local k2 = 0
  for k = 1, #c.pre do
    local a, b = index[c.pre[k]], index[c.post[k]]
    if a and b then
      k2 = k2 + 1
      T.eq(roi.pre[k2], a); T.eq(roi.post[k2], b)
      T.eq(roi.weight[k2], SIGNS[c.types[c.pre[k]]] * c.weight[k])
    end
  end
  T.eq(#roi.pre, k2)
  assert(k2 > 0)
  for i = 1, roi.n do T.eq(roi.regions[i], "EB"); T.eq(roi.sign[i], SIGNS[roi.types[i]]) end
  -- select takes a list or an Array; both options together intersect.
  local sel = cl.connectome.read(path("roi.h5"), { select = cl.array { 5, 1, 9 } })
  same(sel.ids, { 1, 5, 9 }, "selected ids")
  local both = cl.connectome.read(path("roi.h5"), { select = ids, region = { "EB", "FB" } })
  same(both.ids, ids, "region list and select")
end)

T.test("Sinkhorn normalisation balances the columns of each part", function()
  local c = cl.connectome.synthetic { n = 60, seed = 2, signs = SIGNS, normalize = "sinkhorn" }
  local seed = cl.connectome.synthetic { n = 60, seed = 2, signs = SIGNS, normalize = "sinkhorn_seed004" }
  for _, case in ipairs { { c, 1 }, { seed, 0.5 } } do
    local g, target = case[1], case[2]
    local pos, neg = {}, {}
    for k = 1, #g.pre do
      local t = g.weight[k] > 0 and pos or neg
      t[g.pre[k]] = (t[g.pre[k]] or 0) + math.abs(g.weight[k])
    end
    for _, sums in ipairs { pos, neg } do
      for _, s in pairs(sums) do assert(T.near(s, target, 1e-12)) end
    end
  end
  local file = path("norm.csv")
  local raw = cl.connectome.synthetic { n = 60, seed = 2, signs = SIGNS }
  cl.connectome.write(file, raw, { neurons = path("norm_neurons.csv") })
  same_graph(cl.connectome.read(file, { neurons = path("norm_neurons.csv"), signs = SIGNS, normalize = "sinkhorn" }), c)
end)

T.test("synthetic graphs are reproducible, heavy-tailed and typed", function()
  local a = cl.connectome.synthetic { n = 400, mean_degree = 10, seed = cl.seed { session = 1 } }
  local b = cl.connectome.synthetic { n = 400, mean_degree = 10, seed = cl.seed { session = 1 } }
  local other = cl.connectome.synthetic { n = 400, mean_degree = 10, seed = cl.seed { session = 2 } }
  T.eq(a.n, 400)
  same_graph(a, b)
  assert(#other.pre ~= #a.pre or other.pre:totable()[1] ~= a.pre[1] or other.weight:sum() ~= a.weight:sum(),
    "another session gives another graph")
  local mean = #a.pre / a.n
  assert(mean > 8 and mean < 10.5, "mean degree " .. mean)
  local out, inn = degrees(a)
  assert(math.max(table.unpack(out)) > 4 * mean, "out-degree tail")
  assert(math.max(table.unpack(inn)) > 4 * mean, "in-degree tail")
  local var = 0
  for i = 1, a.n do var = var + (out[i] - mean) ^ 2 / a.n end
  assert(var > 4 * mean, "over-dispersed compared with Poisson (variance " .. var .. ")")
  for k = 1, #a.weight do assert(a.weight[k] >= 1 and a.weight[k] == math.floor(a.weight[k])) end
  local counts = {}
  for i = 1, a.n do counts[a.types[i]] = (counts[a.types[i]] or 0) + 1 end
  T.eq(counts.ACh, 240); T.eq(counts.GABA, 120); T.eq(counts.Glu, 40)
  local signed = cl.connectome.synthetic { n = 400, mean_degree = 10, seed = cl.seed { session = 1 }, signs = SIGNS }
  local seen = {}
  for i = 1, signed.n do
    T.eq(signed.sign[i], SIGNS[signed.types[i]]); seen[signed.types[i]] = true
  end
  assert(seen.ACh and seen.GABA and seen.Glu)
  for k = 1, #signed.pre do T.eq(signed.weight[k], signed.sign[signed.pre[k]] * a.weight[k]) end
  local untyped = cl.connectome.synthetic { n = 10, mean_degree = 2, types = false }
  T.eq(untyped.types, nil)
end)

T.test("option errors name the function, the option and the value", function()
  local p = write_text("ok.csv", "pre,post,weight\n1,2,1\n")
  T.expect_error(function() cl.connectome.read(p, { formt = "csv" }) end,
    "connectome.read: unknown option 'formt' (did you mean 'format'?)")
  T.expect_error(function() cl.connectome.read(p, { format = "xls" }) end,
    "connectome.read: option 'format' must be one of csv, mtx, h5, got 'xls'")
  T.expect_error(function() cl.connectome.read(p, { orientation = "pre_post" }) end,
    "connectome.read: option 'orientation' applies to the matrix formats (mtx, h5), not to a csv edge list")
  T.expect_error(function() cl.connectome.read(path("x.mtx"), { orientation = "rows" }) end,
    "connectome.read: option 'orientation' must be one of post_pre, pre_post, got 'rows'")
  T.expect_error(function() cl.connectome.read(p, { group = "net" }) end,
    "connectome.read: option 'group' applies to h5 files only, not csv")
  T.expect_error(function() cl.connectome.read(p, { duplicates = "max" }) end,
    "connectome.read: option 'duplicates' must be one of error, sum, got 'max'")
  T.expect_error(function() cl.connectome.read(p, { normalize = "l1" }) end,
    "connectome.read: option 'normalize' must be one of none, sinkhorn, sinkhorn_seed004, got 'l1'")
  T.expect_error(function() cl.connectome.read(p, { iterations = 5 }) end,
    "connectome.read: option 'iterations' needs normalize = 'sinkhorn' or 'sinkhorn_seed004'")
  T.expect_error(function() cl.connectome.read(p, { normalize = "sinkhorn", iterations = 0 }) end,
    "connectome.read: option 'iterations' must be an integer >= 1, got 0")
  T.expect_error(function() cl.connectome.read(p, { signs = { ACh = 0.5 } }) end,
    "connectome.read: option 'signs' must map each type to 1 or -1, got ACh = 0.5")
  T.expect_error(function() cl.connectome.read(p, { signs = { 1, -1 } }) end,
    "connectome.read: option 'signs' must be a table {type = 1 | -1}, got the entry [1] = 1")
  T.expect_error(function() cl.connectome.read(p, { signs = SIGNS }) end,
    "connectome.read: option 'signs' needs the neurons' cell types, and none are known")
  local n = write_text("ok_neurons.csv", "id,type\n1,ACh\n2,DA\n")
  T.expect_error(function() cl.connectome.read(p, { neurons = n, signs = SIGNS }) end,
    "connectome.read: option 'signs' has no sign for type 'DA' (neuron id 2; signs are given for ACh, GABA, Glu)")
  T.expect_error(function() cl.connectome.read(p, { region = 3 }) end,
    "connectome.read: option 'region' must be a region name or a list of names, got 3")
  T.expect_error(function() cl.connectome.read(p, { select = { 1, "b" } }) end,
    "connectome.read: option 'select'[2] must be an integer id, got 'b'")
  T.expect_error(function() cl.connectome.read(p, { select = cl.array { 1.5 } }) end,
    "connectome.read: option 'select'[1] = 1.5 is not an exact integer id")
  T.expect_error(function() cl.connectome.read(p, { select = { 3 } }) end,
    "connectome.read: option 'select': id 3 is not a neuron of '" .. p .. "'")
  T.expect_error(function() cl.connectome.read(p, { neurons = "" }) end,
    "connectome.read: option 'neurons' must be a path, got ''")
  T.expect_error(function() cl.connectome.read(path("what.xls")) end,
    "connectome.read: cannot tell the format of '" .. path("what.xls")
      .. "' from its extension (.csv, .mtx, .h5 or .hdf5): give option 'format'")
  T.expect_error(function() cl.connectome.read() end, "bad argument #1 to 'read'")

  T.expect_error(function() cl.connectome.synthetic { n = 10, mean_degre = 2 } end,
    "connectome.synthetic: unknown option 'mean_degre' (did you mean 'mean_degree'?)")
  T.expect_error(function() cl.connectome.synthetic { mean_degree = 2 } end,
    "connectome.synthetic: option 'n' is required")
  T.expect_error(function() cl.connectome.synthetic { n = 10, mean_degree = 20 } end,
    "connectome.synthetic: option 'mean_degree' must be in [0, n - 1] = [0, 9], got 20")
  T.expect_error(function() cl.connectome.synthetic { n = 10, mean_degree = 2, types = { ACh = "many" } } end,
    "connectome.synthetic: option 'types' must be a table {name = fraction} or false, got the entry ['ACh'] = 'many'")
  T.expect_error(function() cl.connectome.synthetic { n = 10, mean_degree = 2, signs = { ACh = 1 } } end,
    "connectome.synthetic: option 'signs' has no sign for type 'GABA'")
  T.expect_error(function() cl.connectome.synthetic { n = 10, mean_degree = 2, seed = "x" } end,
    "connectome.synthetic: option 'seed' must be a chaoslab.Seed or a non-negative integer, got 'x'")
end)

T.test("write checks the table before writing anything", function()
  local c = { n = 3, pre = { 1, 2 }, post = { 2, 3 }, weight = { 1, 2 } }
  T.expect_error(function() cl.connectome.write(path("w.csv"), { pre = {}, post = {}, weight = {} }) end,
    "connectome.write: c.n (the number of neurons) is required")
  T.expect_error(function()
    cl.connectome.write(path("w.csv"), { n = 3, pre = { 1, 4 }, post = { 2, 3 }, weight = { 1, 2 } })
  end, "connectome.write: c.pre[2] = 4 is not a neuron index in 1..3")
  T.expect_error(function()
    cl.connectome.write(path("w.csv"), { n = 3, pre = { 1 }, post = { 2, 3 }, weight = { 1, 2 } })
  end, "connectome.write: c.pre, c.post and c.weight have 1, 2 and 2 entries; they must agree")
  T.expect_error(function()
    cl.connectome.write(path("w.csv"), { n = 3, pre = { 1, 2 }, post = { 2, 3 }, weight = { 1, 0 / 0 } })
  end, "connectome.write: edge 2: weight nan is not finite")
  T.expect_error(function()
    cl.connectome.write(path("w.csv"), { n = 3, pre = { 1, 2 }, post = { 2, 3 }, weight = { 1, "x" } })
  end, "connectome.write: c.weight[2] must be a number, got 'x'")
  T.expect_error(function()
    cl.connectome.write(path("w.csv"), { n = 3, ids = { 1, 2 }, pre = {}, post = {}, weight = {} })
  end, "connectome.write: c.ids has 2 entries, but c.n = 3")
  T.expect_error(function()
    cl.connectome.write(path("w.csv"), { n = 3, types = { "a", "b", "c" }, pre = { 1, 2 }, post = { 2, 3 },
                                         weight = { 1, 2 } })
  end, "connectome.write: a CSV edge list cannot hold the neurons' types: "
    .. "give option 'neurons' (a path) to write a neuron table as well")
  T.expect_error(function()
    cl.connectome.write(path("w.csv"), { n = 4, pre = { 1, 2 }, post = { 2, 3 }, weight = { 1, 2 } })
  end, "connectome.write: neuron id 4 has no edges, which a CSV edge list cannot hold")
  T.expect_error(function()
    cl.connectome.write(path("w.mtx"), { n = 3, ids = { 1, 2, 7 }, pre = { 1, 2 }, post = { 2, 3 }, weight = { 1, 2 } })
  end, "connectome.write: a Matrix Market file numbers its neurons 1..n, but neuron 3 has id 7: "
    .. "write csv or h5 to keep the ids")
  T.expect_error(function()
    cl.connectome.write(path("w.csv"), { n = 3, pre = { 1, 1 }, post = { 2, 2 }, weight = { 1, 2 } })
  end, "connectome.write: edge 2: duplicate edge 1 -> 2 (first at edge 1)")
  T.expect_error(function() cl.connectome.write(path("w.csv"), c, { orientation = "pre_post" }) end,
    "connectome.write: option 'orientation' applies to the matrix formats (mtx, h5), not to a csv edge list")
  T.expect_error(function() cl.connectome.write(path("w.csv"), c, { neurons = path("w.csv") }) end,
    "connectome.write: option 'neurons' names the connectome file itself")
  T.expect_error(function() cl.connectome.write(path("w.csv"), c, { fromat = "csv" }) end,
    "connectome.write: unknown option 'fromat' (did you mean 'format'?)")
  T.expect_error(function() cl.connectome.write(path("w.csv")) end,
    "bad argument #2 to 'write' (table expected, got no value)")
  assert(not io.open(path("w.csv")), "nothing was written")
  assert(not io.open(path("w.mtx")), "nothing was written")
end)

T.test("malformed files give errors naming the file and line or dataset", function()
  local p = write_text("bad.csv", "pre,post,weight\n1,2,1\n3,x,1\n")
  T.expect_error(function() cl.connectome.read(p) end,
    "connectome.read: '" .. p .. "' line 3: post must be an integer id (64-bit), got 'x'")
  p = write_text("nohdr.csv", "source,post,weight\n1,2,1\n")
  T.expect_error(function() cl.connectome.read(p) end,
    "connectome.read: '" .. p
      .. "' line 1: the header has no column 'pre' (expected pre,post,weight; found: source, post, weight)")
  p = write_text("dup.csv", "pre,post,weight\n1,2,1\n1,2,2\n")
  T.expect_error(function() cl.connectome.read(p) end,
    "connectome.read: '" .. p
      .. "' line 3: duplicate edge 1 -> 2 (first at line 2); give option duplicates = 'sum' to add them")
  T.eq(cl.connectome.read(p, { duplicates = "sum" }).weight[1], 3)
  p = write_text("short.mtx", "%%MatrixMarket matrix coordinate real general\n3 3 3\n1 2 1\n2 3 1\n")
  T.expect_error(function() cl.connectome.read(p) end,
    "connectome.read: '" .. p .. "' ends after 2 of the 3 entries declared on line 2")
  p = write_text("range.mtx", "%%MatrixMarket matrix coordinate real general\n3 3 1\n1 4 1\n")
  T.expect_error(function() cl.connectome.read(p) end,
    "connectome.read: '" .. p .. "' line 3: column index 4 is out of range 1..3 of the size line (line 2)")
  cl.h5.write(path("bad.h5"), { indptr = { 0, 2, 1 }, indices = { 0, 1 }, data = { 1, 2 } })
  T.expect_error(function() cl.connectome.read(path("bad.h5")) end,
    "connectome.read: '" .. path("bad.h5")
      .. "': dataset 'indptr' must be non-decreasing, but indptr[2] = 1 follows indptr[1] = 2")
  cl.h5.write(path("nodata.h5"), { net = { indptr = { 0, 0 }, indices = cl.zeros(0) } })
  T.expect_error(function() cl.connectome.read(path("nodata.h5"), { group = "net" }) end,
    "connectome.read: '" .. path("nodata.h5")
      .. "': has no dataset 'net/data' (a CSR connectome needs indptr, indices and data)")
  T.expect_error(function() cl.connectome.read(path("missing.csv")) end,
    "connectome.read: cannot open '" .. path("missing.csv") .. "': No such file or directory")
  T.expect_error(function() cl.connectome.read(path("missing.h5")) end,
    "connectome.read: cannot open '" .. path("missing.h5") .. "': No such file or directory")
  -- The error carries the script position.
  T.expect_error_at(function() cl.connectome.read(path("missing.mtx")) end, "cannot open")
end)

T.test("help documents every function and option", function()
  for _, f in ipairs { "read", "write", "synthetic" } do
    local text = cl.doc(cl.connectome[f])
    T.contains(text, "connectome." .. f)
  end
  local read = cl.doc(cl.connectome.read)
  for _, o in ipairs { "format", "neurons", "region", "select", "signs", "orientation", "duplicates", "normalize",
                       "iterations", "group" } do
    T.contains(read, "\n  " .. o)
  end
  T.contains(cl.doc(cl.connectome.synthetic), "degree_sigma")
end)

os.execute("rm -rf " .. T.shell_quote(dir))
T.done()
