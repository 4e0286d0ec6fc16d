-- The closest of a list of names to a misspelt one: the "did you mean" hints of strict globals,
-- plot options and script arguments (the bindings do the same in C++, bindings/support.cpp).
local M = {}

-- Edit (Levenshtein) distance, cut off at 3: only small distances matter for a hint.
function M.distance(a, b)
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

-- The name closest to key (edit distance < 3, or key of 2+ characters a prefix of it), or nil.
-- Ties go to the earlier name, so give a sorted list for a hint that does not depend on hash order.
function M.closest(key, names)
  local best, best_d = nil, 3
  for _, name in ipairs(names) do
    local d = M.distance(key, name)
    if #key >= 2 and name:sub(1, #key) == key then d = math.min(d, 1) end
    if d < best_d then best, best_d = name, d end
  end
  return best
end

return M
