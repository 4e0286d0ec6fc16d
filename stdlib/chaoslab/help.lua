-- help(x): signature, summary and options (with units and defaults) of every chaoslab function
-- and type, from the registry the bindings fill (bindings/support.cpp: document()).
local cl = require "chaoslab"

local docs = cl._docs()

-- Registers documentation for a function written in Lua (the same shape the bindings use).
function cl.document(fn, doc)
  assert(type(doc) == "table" and type(doc.name) == "string", "document: doc.name (a string) is required")
  doc.kind = doc.kind or (type(fn) == "function" and "function" or "type")
  doc.options = doc.options or {}
  docs.names[doc.name] = doc
  if fn ~= nil then docs.values[fn] = doc end
  return fn
end

local function lookup_name(name)
  if docs.names[name] then return docs.names[name] end
  for _, candidate in ipairs { "chaoslab." .. name, (name:gsub("^cl%.", "chaoslab.")) } do
    if docs.names[candidate] then return docs.names[candidate] end
  end
  return nil
end

local function find_doc(x)
  local t = type(x)
  if t == "string" then return lookup_name(x) end
  if t == "function" then return docs.values[x] end
  if t == "userdata" then return docs.names[cl.type(x)] end
  return nil
end

local function option_lines(options, out)
  if #options == 0 then return end
  out[#out + 1] = "Options:"
  local width = 0
  for _, o in ipairs(options) do width = math.max(width, #o.name) end
  for _, o in ipairs(options) do
    local unit = (o.unit and o.unit ~= "") and (" [" .. o.unit .. "]") or ""
    local constraint = o.constraint and ("; " .. o.constraint) or ""
    out[#out + 1] = string.format("  %-" .. width .. "s  %s (default %s%s)%s", o.name, o.doc, o.default, constraint,
      unit)
  end
end

-- Members documented under a type name ("chaoslab.Array:mean" for "chaoslab.Array").
local function member_docs(type_name)
  local members = {}
  for name, d in pairs(docs.names) do
    if name:sub(1, #type_name + 1) == type_name .. ":" then members[#members + 1] = d end
  end
  table.sort(members, function(a, b) return a.name < b.name end)
  return members
end

local function overview()
  local out = { "chaoslab " .. cl.version .. ": recurrent-network chaos studies from Lua. help(x) for any function,",
    "object or name, e.g. help(chaoslab.linspace), help('chaoslab.Array'), help(arr:mean).", "", "Functions:" }
  local fns, types = {}, {}
  for name, d in pairs(docs.names) do
    if d.kind == "type" then types[#types + 1] = name
    elseif not name:find(":", 1, true) then fns[#fns + 1] = d end
  end
  table.sort(fns, function(a, b) return a.name < b.name end)
  table.sort(types)
  for _, d in ipairs(fns) do out[#out + 1] = "  " .. (d.signature or d.name) end
  out[#out + 1] = ""
  out[#out + 1] = "Types: " .. table.concat(types, ", ")
  return table.concat(out, "\n")
end

-- A sub-module of chaoslab (chaoslab.plot, chaoslab.lyapunov, ...): its own summary, if any, and
-- the documented functions it holds. nil when x is not one.
local function module_doc(x)
  local name
  for k, v in pairs(cl) do
    if v == x and type(k) == "string" then name = "chaoslab." .. k end
  end
  if not name then return nil end
  local members = {}
  for _, v in pairs(x) do
    local d = docs.values[v]
    if d and d.kind == "function" then members[#members + 1] = d end
  end
  if #members == 0 then return nil end
  table.sort(members, function(a, b) return a.name < b.name end)
  local own = docs.names[name]
  local out = { name }
  if own and own.summary then out[#out + 1] = "  " .. own.summary end
  out[#out + 1] = "Functions (help(" .. name .. ".<name>) for their options):"
  for _, m in ipairs(members) do out[#out + 1] = "  " .. (m.signature or m.name) .. "  -- " .. m.summary end
  return table.concat(out, "\n")
end

-- The help text of x as a string (help(x) prints it).
function cl.doc(x)
  if x == nil or x == cl then return overview() end
  if type(x) == "table" and not docs.values[x] then
    local text = module_doc(x)
    if text then return text end
  end
  local d = find_doc(x)
  if not d then
    if type(x) == "string" then
      local near = {}
      for name in pairs(docs.names) do
        if name:lower():find(x:lower(), 1, true) then near[#near + 1] = name end
      end
      table.sort(near)
      if #near > 0 then return "no help for '" .. x .. "'; related: " .. table.concat(near, ", ") end
      return "no help for '" .. x .. "' (help() lists everything)"
    end
    return "no help for this " .. cl.type(x) .. " value (help() lists everything)"
  end
  local out = {}
  if d.kind == "type" then
    out[#out + 1] = d.name
    out[#out + 1] = "  " .. d.summary
    local members = member_docs(d.name)
    if #members > 0 then
      out[#out + 1] = "Methods:"
      for _, m in ipairs(members) do out[#out + 1] = "  " .. m.signature .. "  -- " .. m.summary end
    end
  else
    out[#out + 1] = d.signature or d.name
    out[#out + 1] = "  " .. d.summary
    option_lines(d.options or {}, out)
  end
  return table.concat(out, "\n")
end

-- help(x): prints the documentation of x (a function, an object, a type name, or nothing for all).
function cl.help(x)
  print(cl.doc(x))
end

cl.document(cl.help, { name = "chaoslab.help", signature = "help([x])",
  summary = "Prints the signature, summary and options (defaults, units) of x: a function, an object, or a "
    .. "name such as 'linspace' or 'chaoslab.Array'. Without x, lists everything." })
cl.document(cl.doc, { name = "chaoslab.doc", signature = "doc([x]) -> string",
  summary = "The text help(x) prints." })
cl.document(cl.document, { name = "chaoslab.document",
  signature = "document(fn, {name=, signature=, summary=, options=})",
  summary = "Registers help for a function written in Lua (options: list of {name=, unit=, default=, doc=})." })
