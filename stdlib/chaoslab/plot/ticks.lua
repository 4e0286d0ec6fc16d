-- Axis ticks for chaoslab.plot: "nice" 1-2-5 steps on linear axes, decades on log axes, and tick
-- labels computed from integers (k * m * 10^e), so 0.1 + 0.2 never shows up as 0.30000000000000004.
local M = {}

local floor, ceil, log10 = math.floor, math.ceil, function(x) return math.log(x, 10) end

-- n * 10^e for an integer n in scientific notation: "2e-6", "1.5e7", "0".
function M.scientific(n, e)
  if n == 0 then return "0" end
  local sign = n < 0 and "-" or ""
  local digits = tostring(math.abs(n))
  local exponent = e + #digits - 1
  local mantissa = digits:sub(1, 1)
  local rest = digits:sub(2):gsub("0+$", "")
  if rest ~= "" then mantissa = mantissa .. "." .. rest end
  return sign .. mantissa .. "e" .. exponent
end

-- The decimal text of n * 10^e for an integer n: plain digits while that stays short
-- (e >= -4, at most 6 integer digits), else scientific.
function M.decimal(n, e)
  if n == 0 then return e < 0 and ("0." .. string.rep("0", -e)) or "0" end
  local sign = n < 0 and "-" or ""
  local digits = tostring(math.abs(n))
  if e >= 0 and #digits + e <= 6 then return sign .. digits .. string.rep("0", e) end
  if e < 0 and e >= -4 and #digits + e <= 6 then
    if #digits > -e then return sign .. digits:sub(1, #digits + e) .. "." .. digits:sub(#digits + e + 1) end
    return sign .. "0." .. string.rep("0", -e - #digits) .. digits
  end
  return M.scientific(n, e)
end

-- The nice step (m * 10^e with m in 1, 2, 5) whose number of intervals over span is closest to
-- target (on a log scale), never more than 1.25 * target, and at least min_step (e.g. 1 for
-- neuron ids and counts, which have no values in between).
local function nice_step(span, target, min_step)
  target = math.max(target, 1)
  local e0 = floor(log10(span / target))
  local best_m, best_e, best_score = 1, e0 + 1, math.huge
  for e = e0 - 1, e0 + 1 do
    for _, m in ipairs { 1, 2, 5 } do
      local count = span / (m * 10.0 ^ e)
      local score = math.abs(math.log(count / target))
      local allowed = not min_step or m * 10.0 ^ e >= min_step * (1 - 1e-9)
      if allowed and count <= 1.25 * target and count >= 1 - 1e-9 and score < best_score then
        best_m, best_e, best_score = m, e, score
      end
    end
  end
  if best_score == math.huge and min_step then
    -- Fewer than one min_step interval fits the span: ticks every min_step (possibly one tick).
    local e = floor(log10(min_step) + 1e-9)
    return floor(min_step / 10.0 ^ e + 0.5), e
  end
  return best_m, best_e
end

-- Ticks on [lo, hi] for a linear axis: a list of {value =, label =}, at most about target + 1;
-- min_step (optional) is the smallest step allowed.
function M.linear(lo, hi, target, min_step)
  if not (hi > lo) then return { { value = lo, label = M.short(lo) } } end
  local m, e = nice_step(hi - lo, target, min_step)
  local step = m * 10.0 ^ e
  local ticks, scientific = {}, false
  local first, last = ceil(lo / step - 1e-9), floor(hi / step + 1e-9)
  for k = first, last do
    local n = floor(k * m + 0.5)
    -- Labels share the step's decimals ("0.0, 0.5, 1.0") and come from the integer n, never from k * step.
    local label = M.decimal(n, e)
    if label:find("e", 1, true) then scientific = true end
    if e < 0 and not scientific then
      local dot = label:find(".", 1, true)
      local have = dot and #label - dot or 0
      if have < -e then label = label .. (have == 0 and "." or "") .. string.rep("0", -e - have) end
    end
    ticks[#ticks + 1] = { value = n * 10.0 ^ e, label = label, n = n, e = e }
  end
  -- One notation per axis: "0, 5e5, 1e6" rather than "0, 500000, 1e6".
  if scientific then
    for _, t in ipairs(ticks) do t.label = M.scientific(t.n, t.e) end
  end
  return ticks
end

-- A short label for a single value (4 significant digits): used for cell-centre ticks.
function M.short(x)
  if x ~= x then return "NaN" end
  if x == 0 then return "0" end
  local s = string.format("%.4g", x)
  local mantissa, exponent = s:match("^(.-)e([-+]%d+)$")
  if mantissa then return mantissa .. "e" .. tonumber(exponent) end
  return s
end

-- Ticks on [lo, hi] (lo > 0) for a log axis: labelled decades (every k-th when there are many),
-- 2x and 5x labelled too when the range spans at most two decades, and unlabelled minor ticks.
function M.log(lo, hi, target)
  local ticks = {}
  local d0, d1 = floor(log10(lo) + 1e-9), ceil(log10(hi) - 1e-9)
  local decades = d1 - d0
  local every = math.max(1, ceil(decades / math.max(target, 1)))
  local multiples = decades <= 2 and { 1, 2, 5 } or { 1 }
  local in_range = function(v) return v >= lo * (1 - 1e-9) and v <= hi * (1 + 1e-9) end
  for d = d0, d1 do
    for m = 1, 9 do
      local v = m * 10.0 ^ d
      if in_range(v) then
        local labelled = false
        for _, lm in ipairs(multiples) do if lm == m then labelled = true end end
        if m == 1 and d % every ~= 0 then labelled = false end
        if labelled then
          ticks[#ticks + 1] = { value = v, label = M.decimal(m, d) }
        elseif decades <= 8 then
          ticks[#ticks + 1] = { value = v, minor = true }
        end
      end
    end
  end
  local labelled = 0
  for _, t in ipairs(ticks) do if t.label then labelled = labelled + 1 end end
  if labelled < 2 then
    -- Less than a factor ~3 between the limits: linear ticks read better than one lonely decade.
    return M.linear(lo, hi, target)
  end
  return ticks
end

return M
