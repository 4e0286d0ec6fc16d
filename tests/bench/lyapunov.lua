-- Benchmark of issue 5 (Lyapunov analysis of rate networks): the full spectrum of a dense N = 1000
-- network over 1000 time units (time split, product GFLOP/s next to Eigen's multithreaded rate measured
-- here), the 100 leading exponents, a sparse seed-001 network, and seed 001's whole sweep.
-- Run by scripts/bench (not part of the test suite); prints one table. CHAOSLAB_BENCH_QUICK=1: small sizes.
local cl = require "chaoslab"

local quick = os.getenv("CHAOSLAB_BENCH_QUICK") == "1"
local N, T = quick and 300 or 1000, quick and 50 or 1000
local rows = {}
local function row(name, value, unit, extra)
  rows[#rows + 1] = string.format("%-60s %10.2f %-7s %s", name, value, unit, extra or "")
end

local threads = cl.threads()
local eigen_mt = cl.lyapunov.gemm_rate(N, threads)
row(("Eigen's own %dx%d product, %d threads"):format(N, N, threads), eigen_mt, "GFLOP/s")
row(("Eigen's own %dx%d product, 1 thread"):format(N, N), cl.lyapunov.gemm_rate(N, 1), "GFLOP/s")

local function dense(n, g, p)
  local net = cl.network{ seed = 1 }
  local pop = net:rate{ n = n, tau = 1, x_init = cl.normal(0, 1) }
  net:connect(pop, pop, { g = g, p = p })
  return net
end

-- Full spectrum: Euler dt = 0.1, t_ons = 1, over T time units in all (2 N^3 flops per step).
local net = dense(N, 2)
local t0 = cl.clock()
local s = cl.lyapunov.spectrum{ network = net, dt = 0.1, t_ons = 1, duration = T, transient = 0, basis_transient = 0 }
local wall = cl.clock() - t0
local steps = T / 0.1
local gflops = 2 * N ^ 3 * steps / s.seconds.tangent * 1e-9
row(("full spectrum N = %d, %g time units: total"):format(N, T), wall, "s")
row("  tangent products (J times panels of Q)", s.seconds.tangent, "s", ("%.1f GFLOP/s = %.0f %% of Eigen's (goal >= 70 %%)")
  :format(gflops, 100 * gflops / eigen_mt))
row("  QR (Householder + Q on panels)", s.seconds.qr, "s")
row("  rest", wall - s.seconds.tangent - s.seconds.qr, "s", ("total / products = %.2f (goal <= 1.7)")
  :format(wall / s.seconds.tangent))
row("  lambda_1, Kaplan-Yorke dimension", s.lambda_max, "1/tau", ("D_KY = %.1f"):format(s.kaplan_yorke))

t0 = cl.clock()
local s100 = cl.lyapunov.spectrum{ network = net, k = 100, dt = 0.1, t_ons = 1, duration = T, transient = 0,
                                   basis_transient = 0 }
row(("100 leading exponents, N = %d, %g time units"):format(N, T), cl.clock() - t0, "s",
  ("lambda_1 = %.4f"):format(s100.lambda_max))

-- Seed 001's network: N = 200, p = 0.1, full spectrum, CSR against dense storage of J.
local sparse_net = cl.network{ seed = 1 }
local pop = sparse_net:rate{ n = 200, preset = "seed001" }
sparse_net:connect(pop, pop, { g = 16, preset = "seed001" })
for _, storage in ipairs { "sparse", "dense" } do
  t0 = cl.clock()
  local r = cl.lyapunov.spectrum{ network = sparse_net, dt = 1, t_ons = 5, duration = quick and 1000 or 7000,
                                  transient = 100, basis_transient = 100, storage = storage }
  row(("seed-001 network (N = 200, p = 0.1), full spectrum, %s J"):format(storage), cl.clock() - t0, "s",
    ("lambda_1 = %.2f 1/s"):format(r.lambda_max * 1000))
end

-- Seed 001's whole sweep (8 g x 5 sessions x 20 trials x 7 s), through its example script.
local bin = arg[-1] or "chaoslab"
local here = arg[0]:match("^(.*)/") or "."
t0 = cl.clock()
local tmp = os.tmpname()
assert(os.execute(("%q %q %s--output %q > /dev/null 2>&1"):format(bin, here .. "/../../examples/rnn_chaos_lyapunov.lua",
  quick and "--quick " or "", tmp .. ".h5")))
os.remove(tmp .. ".h5")
os.remove(tmp .. ".h5.journal")
os.remove(tmp)
row("seed 001's whole sweep (examples/rnn_chaos_lyapunov.lua)" .. (quick and " --quick" or ""), cl.clock() - t0, "s",
  "(the seed's code: 8 MPI ranks for hours)")

print(("Lyapunov analysis of rate networks (%d threads)"):format(threads))
for _, r in ipairs(rows) do print(r) end
