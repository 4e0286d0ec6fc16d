-- Script tests of the measure functions on hand-made data: LZ phrase counts known by hand, the robust
-- slope of exact lines, Hamming distances, firing statistics and coincidence factors, and their errors.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/helpers.lua")
local cl = chaoslab

T.test("LZ76 and the dictionary parse count phrases known by hand", function()
  -- Kaspar & Schuster's example: 0.001.10.100.1000.101 -> 6 phrases.
  local r = cl.lz("0001101001000101")
  T.eq(r.phrases, 6)
  T.eq(r.length, 16)
  assert(T.near(r.normalized, 6 * math.log(16, 2) / 16))
  T.eq(cl.lz("0000000000").phrases, 2) -- 0.000000000
  T.eq(cl.lz({ 0, 1, 2, 0, 1, 2 }).phrases, 4) -- 0.1.2.012
  -- The seed's dictionary parse: 0.1.01.011.010 -> 5; a known final phrase counts only with tail = 'counted'.
  T.eq(cl.lz("0101011010", { method = "dictionary" }).phrases, 5)
  T.eq(cl.lz("01010110100", { method = "dictionary" }).phrases, 5)
  T.eq(cl.lz("01010110100", { method = "dictionary", tail = "counted" }).phrases, 6)
  -- The sparse form is the same sequence.
  T.eq(cl.lz({ length = 16, ones = { 4, 5, 7, 10, 14, 16 } }).phrases, 6)
end)

T.test("the robust slope finds the slope of a line and ignores early points", function()
  local t = cl.range(0.5, 100, 1)
  local s = cl.robust_slope(t, t * 0.25 + 3)
  assert(T.near(s.slope, 0.25, 1e-12) and s.found)
  assert(t[s.first] >= 50)
  T.eq(cl.robust_slope(t, t * -1).slope, 0) -- floored at 0
  T.eq(cl.robust_slope(cl.range(0.5, 20, 1), cl.range(0.5, 20, 1)).found, false) -- no point after 50 ms
end)

T.test("Hamming distance, firing statistics and coincidence on hand-made spikes", function()
  local control = { times = { 1.2, 2.5, 3.1 }, ids = { 1, 2, 3 } }
  local perturbed = { times = { 1.2, 2.7, 3.9 }, ids = { 1, 2, 1 } }
  local h = cl.hamming(control, perturbed, { n = 3, duration = 4, bin = 1 })
  -- bins [0,1) [1,2) [2,3) [3,4): neuron 2 moved within bin 2 (no difference), neuron 3 vs 1 in bin 3.
  T.eq(h.distance:totable()[4], 2)
  T.eq(h.distance:sum(), 2)
  assert(T.near(h.time[1], 0.5))
  local regular = cl.range(0, 995, 10) -- 0, 10, ..., 990: 100 spikes at 100 Hz
  local f = cl.firing_stats({ times = regular, ids = cl.ones(#regular) }, { n = 2, duration = 1000 })
  assert(T.near(f.rate[1], 100) and f.rate[2] == 0)
  T.eq(f.silent_fraction, 0.5)
  assert(T.near(f.cv_isi[1], 0) and T.near(f.mean_fano, 0))
  local c = cl.coincidence(control, control, { n = 3, duration = 4, delta = 0.5 })
  -- Identical trains: gamma = 1 - 2 nu delta per neuron (nu = 1/4 per ms).
  assert(T.near(c.gamma, 1 - 2 * 0.25 * 0.5) and T.near(c.kistler, 1))
end)

T.test("bad measure inputs give clear errors", function()
  T.expect_error(function() cl.lz("01", { method = "lz78" }) end,
    "lz: option 'method' must be one of 'lz76', 'dictionary', got 'lz78'")
  T.expect_error(function() cl.lz({ 0, 1.5 }) end, "symbols must be integers >= 0, got 1.5")
  T.expect_error(function() cl.lz({ length = 5, ones = { 3, 2 } }) end,
    "ones must be increasing positions in 1..length")
  T.expect_error(function() cl.robust_slope({ 1, 2 }, { 1 }) end, "robust_slope:")
  T.expect_error(function()
    cl.hamming({ times = { 1 }, ids = { 4 } }, { times = {}, ids = {} }, { n = 3, duration = 5 })
  end, "spike id 4 at position 1 is outside 1..3")
  T.expect_error(function() cl.hamming({ times = {}, ids = {} }, { times = {}, ids = {} }, { n = 3 }) end,
                 "hamming: option 'duration' is required")
  T.expect_error(function() cl.firing_stats({ times = { 1 }, ids = { 1 } }, { n = 1, duration = 0 }) end,
                 "firing_stats: option 'duration' must be > 0, got 0")
  T.expect_error(function()
    cl.coincidence({ times = {}, ids = {} }, { times = {}, ids = {} }, { n = 1, duration = 5, delta = -1 })
  end, "coincidence: option 'delta' must be > 0, got -1")
end)

T.done()
