-- Benchmark of the foundation: native sampling and array throughput, 1 and 2 threads.
-- Run by scripts/bench (not part of the test suite); prints one table.
local cl = require "chaoslab"

local n = 10000000
local seed = cl.seed { session = 1 }

-- Best of `reps` wall-clock timings of f().
local function best(reps, f)
  local t = math.huge
  for _ = 1, reps do
    local t0 = cl.clock()
    f()
    t = math.min(t, cl.clock() - t0)
  end
  return t
end

local rows = {}
local function row(name, seconds, amount, unit)
  rows[#rows + 1] = string.format("%-36s %10.2f ms %12.1f %s", name, seconds * 1e3, amount / seconds / 1e6, unit)
end

local max_threads = cl.threads()
for _, threads in ipairs { 1, 2 } do
  if threads <= math.max(max_threads, 2) then
    cl.threads(threads)
    local normal, uniform, expo = cl.normal(0, 1), cl.uniform(0, 1), cl.exponential(1)
    row(("normal:sample(1e7), %d thread(s)"):format(threads), best(3, function() normal:sample(n, seed) end), n, "M draws/s")
    row(("uniform:sample(1e7), %d thread(s)"):format(threads), best(3, function() uniform:sample(n, seed) end), n, "M draws/s")
    row(("exponential:sample(1e7), %d thread(s)"):format(threads), best(3, function() expo:sample(n, seed) end), n, "M draws/s")
  end
end
cl.threads(max_threads)

local a = cl.normal(0, 1):sample(n, seed)
row("zeros(1e7)", best(3, function() cl.zeros(n) end), n * 8, "MB/s")
row("a:sum() (1e7, pairwise)", best(3, function() a:sum() end), n * 8, "MB/s")
row("a:std() (1e7, two-pass)", best(3, function() a:std() end), n * 8, "MB/s")
row("a * 2 + 1 (1e7)", best(3, function() local _ = a * 2 + 1 end), n * 8 * 2, "MB/s")
row("a:slice(1, -1, 2):sum() (strided)", best(3, function() a:slice(1, -1, 2):sum() end), n * 4, "MB/s")

print(string.format("%-36s %13s %12s", "foundation benchmark", "time", "rate"))
for _, r in ipairs(rows) do print(r) end
