-- The layering rules of DESIGN.md ("Layout") and STYLE.md C1, checked on the source tree: a runtime
-- folder includes only folders at or below its layer; measures/ computes on data only; no Lua under
-- runtime/, <mpi.h> and OpenMP pragmas only in parallel/, <hdf5.h> only in io/; bindings/ never
-- included from runtime/; no include cycle between files, and one-way arrows between binding files.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/helpers.lua")

local root = (arg[0]:match("^(.*)/") or ".") .. "/../.."

-- Layers, lowest first. A folder may include its own layer and the layers below it.
local LAYERS = {
  { "core", "parallel" }, -- the ground floor: errors, rng, arrays; threads, chunked loops, the Comm
  { "models" },           -- neuron and unit models of each family (parameters, propagators, transfer functions)
  { "network" },          -- declared networks of each family, connectivity, synapses, the connectome graph
  { "sim" },              -- time stepping of each family, recorders
  { "perturb" },          -- perturbation protocols over sim/
  { "meanfield" },        -- transfer functions, fixed points, stability, landscapes
  { "measures" },         -- computations on data only (see DATA_ONLY)
  { "analysis" },         -- what drives models through the dynamical-system interface: Lyapunov, training
  { "io" },               -- HDF5, connectome files
  { "sweep" },            -- the sweep service: plan, schedule, journal, identity, gather
}
-- measures/ sits above sim/ in the list but may not look at models or simulations at all.
local DATA_ONLY = { measures = { core = true, parallel = true, measures = true } }

local level = {}
for k, folders in ipairs(LAYERS) do
  for _, f in ipairs(folders) do level[f] = k end
end

local function files_under(dir, pattern)
  local list = {}
  local p = io.popen("find " .. T.shell_quote(dir) .. " -type f \\( -name '*.hpp' -o -name '*.cpp' \\) | sort")
  for line in p:lines() do
    if not pattern or line:match(pattern) then list[#list + 1] = line end
  end
  p:close()
  return list
end

local function lines_of(path)
  local f = assert(io.open(path))
  local text = f:read("a")
  f:close()
  return text
end

-- Quoted includes of a file: {"core/errors.hpp", ...}; angle includes separately.
local function includes(text)
  local quoted, angle = {}, {}
  for line in text:gmatch("[^\n]*") do
    local q = line:match('^%s*#%s*include%s+"([^"]+)"')
    if q then quoted[#quoted + 1] = q end
    local a = line:match("^%s*#%s*include%s+<([^>]+)>")
    if a then angle[#angle + 1] = a end
  end
  return quoted, angle
end

local runtime_files = files_under(root .. "/runtime")

T.test("every runtime folder is a known layer", function()
  for _, path in ipairs(runtime_files) do
    local folder = path:match("/runtime/([^/]+)/")
    assert(folder and level[folder], path .. " is in a folder that is not a layer of tests/lua/test_layers.lua")
  end
end)

T.test("runtime folders include only their layer and the layers below", function()
  local bad = {}
  for _, path in ipairs(runtime_files) do
    local folder = path:match("/runtime/([^/]+)/")
    local quoted = includes(lines_of(path))
    for _, inc in ipairs(quoted) do
      local target = inc:match("^([^/]+)/")
      if target and level[target] then
        local allowed = DATA_ONLY[folder] and DATA_ONLY[folder][target] or
                        (not DATA_ONLY[folder] and level[target] <= level[folder])
        if not allowed then bad[#bad + 1] = path:match("runtime/.*") .. " includes " .. inc end
      elseif target then
        bad[#bad + 1] = path:match("runtime/.*") .. " includes " .. inc .. " (not a runtime folder)"
      end
    end
  end
  assert(#bad == 0, "layering violations:\n  " .. table.concat(bad, "\n  "))
end)

T.test("no Lua in runtime; MPI and OpenMP only in parallel/, HDF5 only in io/", function()
  local bad = {}
  for _, path in ipairs(runtime_files) do
    local folder = path:match("/runtime/([^/]+)/")
    local text = lines_of(path)
    local _, angle = includes(text)
    for _, a in ipairs(angle) do
      if a:match("^lua") or a:match("^lauxlib") then bad[#bad + 1] = path .. ": <" .. a .. ">" end
      if a == "mpi.h" and folder ~= "parallel" then bad[#bad + 1] = path .. ": <mpi.h>" end
      if a:match("^hdf5") and folder ~= "io" then bad[#bad + 1] = path .. ": <" .. a .. ">" end
    end
    if text:match("#%s*pragma%s+omp") and folder ~= "parallel" then bad[#bad + 1] = path .. ": #pragma omp" end
  end
  assert(#bad == 0, "misplaced includes:\n  " .. table.concat(bad, "\n  "))
end)

-- Graph of file includes (resolved against runtime/ and bindings/) and a cycle search.
local function include_graph(files, resolve)
  local graph = {}
  for _, path in ipairs(files) do
    local quoted = includes(lines_of(path))
    local edges = {}
    for _, inc in ipairs(quoted) do
      local target = resolve(path, inc)
      if target then edges[#edges + 1] = target end
    end
    graph[path] = edges
  end
  return graph
end

local function find_cycle(graph)
  local state, stack = {}, {}
  local function visit(node)
    state[node] = "open"
    stack[#stack + 1] = node
    for _, next_node in ipairs(graph[node] or {}) do
      if state[next_node] == "open" then
        local cycle, on = {}, false
        for _, s in ipairs(stack) do
          if s == next_node then on = true end
          if on then cycle[#cycle + 1] = s end
        end
        cycle[#cycle + 1] = next_node
        return cycle
      elseif not state[next_node] then
        local c = visit(next_node)
        if c then return c end
      end
    end
    stack[#stack] = nil
    state[node] = "done"
  end
  local nodes = {}
  for node in pairs(graph) do nodes[#nodes + 1] = node end
  table.sort(nodes)
  for _, node in ipairs(nodes) do
    if not state[node] then
      local c = visit(node)
      if c then return c end
    end
  end
end

local function exists(path)
  local f = io.open(path)
  if f then f:close() end
  return f ~= nil
end

T.test("no include cycle between runtime files", function()
  local graph = include_graph(runtime_files, function(_, inc)
    local p = root .. "/runtime/" .. inc
    return exists(p) and p or nil
  end)
  local cycle = find_cycle(graph)
  assert(not cycle, "include cycle: " .. table.concat(cycle or {}, " -> "))
end)

local binding_files = files_under(root .. "/bindings")

T.test("runtime never includes bindings, and binding files include each other one way", function()
  for _, path in ipairs(runtime_files) do
    for _, inc in ipairs((includes(lines_of(path)))) do
      assert(not inc:match("^bindings/") and not exists(root .. "/bindings/" .. inc),
             path .. " includes the binding header " .. inc)
    end
  end
  local graph = include_graph(binding_files, function(path, inc)
    local here = path:match("^(.*)/")
    for _, p in ipairs { here .. "/" .. inc, root .. "/bindings/" .. inc } do
      if exists(p) then return p end
    end
  end)
  -- A source and its own header are one unit: foo.cpp -> foo.hpp is not an arrow between files.
  local unit = {}
  for node, edges in pairs(graph) do
    local u = node:gsub("%.[ch]pp$", "")
    unit[u] = unit[u] or {}
    for _, e in ipairs(edges) do
      local target = e:gsub("%.[ch]pp$", "")
      if target ~= u then unit[u][#unit[u] + 1] = target end
    end
  end
  local cycle = find_cycle(unit)
  assert(not cycle, "binding files include each other in a cycle: " .. table.concat(cycle or {}, " -> "))
end)

T.done()
