-- Strict globals for scripts: reading a global that was never assigned is an error at the line
-- that reads it (so `tau_mm` typos surface), with the closest existing name as a hint.
local M = {}

local function distance(a, b)
  if math.abs(#a - #b) > 2 then return 3 end
  local prev = {}
  for j = 0, #b do prev[j] = j end
  for i = 1, #a do
    local cur = { [0] = i }
    for j = 1, #b do
      local cost = a:sub(i, i) == b:sub(j, j) and 0 or 1
      cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
    end
    prev = cur
  end
  return prev[#b]
end

local function nearest(env, name)
  local best, best_d = nil, 3
  for k in pairs(env) do
    if type(k) == "string" then
      local d = distance(name, k)
      if d < best_d then best, best_d = k, d end
    end
  end
  return best
end

-- Makes reads of undeclared globals in `env` (default _G) raise an error.
function M.enable(env)
  env = env or _G
  local declared = {}
  setmetatable(env, {
    __newindex = function(t, k, v)
      declared[k] = true
      rawset(t, k, v)
    end,
    __index = function(t, k)
      if declared[k] or type(k) ~= "string" then return nil end
      local hint = nearest(t, k)
      error(string.format("undeclared global '%s'%s (assign it first; rawget(_G, '%s') tests for it)", k,
        hint and (" (did you mean '" .. hint .. "'?)") or "", k), 2)
    end,
  })
end

-- Back to plain Lua globals (used before the REPL starts after a script).
function M.disable(env)
  setmetatable(env or _G, nil)
end

return M
