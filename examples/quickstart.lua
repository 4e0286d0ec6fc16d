-- Quickstart: a first chaoslab study with seeds, distributions and arrays. How does spike-threshold
-- heterogeneity change the mean rate of uncoupled LIF neurons driven by a constant input?
-- Run: scripts/run examples/quickstart.lua [--quick] [--n N] [--session S]
local cl = require "chaoslab"

local opts = { n = 200000, session = 1 }
local i = 1
while arg[i] do
  if arg[i] == "--quick" then opts.n = 2000
  elseif arg[i] == "--n" or arg[i] == "--session" then
    opts[arg[i]:sub(3)] = assert(math.tointeger(tonumber(arg[i + 1])), arg[i] .. " needs an integer")
    i = i + 1
  else error("quickstart: unknown argument '" .. arg[i] .. "' (use --quick, --n N, --session S)") end
  i = i + 1
end

-- LIF neuron (ms, mV): tau_m dv/dt = -(v - v_rest) + mu. With a constant drive above threshold it
-- fires periodically at f = 1000 / (t_ref + tau_m * ln((mu - v_reset) / (mu - v_th))) Hz.
local tau_m, t_ref, v_rest, v_reset = 20, 2, -65, -65
local drive = 15 -- mV above rest: without a threshold the membrane would settle at -50 mV
local mu = v_rest + drive

local function rates(v_th)
  return 1000 / (((mu - v_reset) / (mu - v_th)):log() * tau_m + t_ref) -- element-wise, in C++
end

print(string.format("%d neurons, drive %g mV above rest, session %d", opts.n, drive, opts.session))
print(string.format("homogeneous population (v_th = -55 mV): %.3f Hz", rates(cl.array { -55 })[1]))
print(string.format("%12s %12s %12s %12s", "v_th_std/mV", "mean v_th", "rate/Hz", "sd rate/Hz"))
local seed = cl.seed { session = opts.session }
for _, sd in ipairs { 0.05, 0.1, 0.2, 0.3, 0.5 } do
  local v_th = cl.normal(-55, sd):sample(opts.n, seed:child { block = math.floor(sd * 100) }, "v_th")
  local f = rates(v_th)
  print(string.format("%12.2f %12.3f %12.3f %12.3f", sd, v_th:mean(), f:mean(), f:std()))
end
print("The mean rate grows with threshold spread: f(v_th) is convex, so spread adds rate (Jensen).")
