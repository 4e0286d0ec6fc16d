-- Strict globals for scripts: reading a global that was never assigned is an error at the line
-- that reads it (so `tau_mm` typos surface), with the closest existing name as a hint.
local M = {}

local nearest = require "chaoslab.nearest"

-- The declared global closest to name (sorted first, so the hint does not depend on hash order).
local function closest_global(env, name)
  local names = {}
  for k in pairs(env) do
    if type(k) == "string" then names[#names + 1] = k end
  end
  table.sort(names)
  return nearest.closest(name, names)
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
      local hint = closest_global(t, k)
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
