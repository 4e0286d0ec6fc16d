-- Compares the datasets of two sweep files bit for bit (attributes such as times, ranks and host
-- differ by design). usage: chaoslab same_datasets.lua A.h5 B.h5; exit 1 and the first difference.
local cl = require "chaoslab"
local a_path, b_path = arg[1], arg[2]

local function bits(x) return string.pack("<d", x) end

local function compare(a, b, where)
  if type(a) ~= type(b) then error(where .. ": " .. type(a) .. " vs " .. type(b), 0) end
  if type(a) == "number" then
    if bits(a) ~= bits(b) then error(where .. string.format(": %.17g vs %.17g", a, b), 0) end
  elseif type(a) == "string" then
    if a ~= b then error(where .. ": '" .. a .. "' vs '" .. b .. "'", 0) end
  elseif type(a) == "userdata" then -- chaoslab.Array
    local sa, sb = table.concat(a:shape(), "x"), table.concat(b:shape(), "x")
    if sa ~= sb then error(where .. ": shape " .. sa .. " vs " .. sb, 0) end
    local fa, fb = a:reshape(a:size()), b:reshape(b:size())
    for k = 1, a:size() do compare(fa[k], fb[k], where .. "[" .. k .. "]") end
  else
    for k, v in pairs(a) do compare(v, b[k], where .. "/" .. tostring(k)) end
    for k in pairs(b) do if a[k] == nil then error(where .. "/" .. tostring(k) .. " only in " .. b_path, 0) end end
  end
end

local a, b = cl.h5.read(a_path), cl.h5.read(b_path)
local ok, err = pcall(compare, a, b, "")
if not ok then
  io.stderr:write("datasets differ at ", err, "\n")
  os.exit(1)
end
local n = 0
for _, s in ipairs(a.status) do if s == "done" then n = n + 1 end end
print("same datasets, " .. n .. " points done")
