-- chaoslab.args: a study script's command-line options (`--n 200`, `--output=x.h5`, `--quick`),
-- typed by their defaults, with presets, --help, and clear errors for unknown or bad arguments.
local cl = require "chaoslab"
local nearest = require "chaoslab.nearest"

local FN = "chaoslab.args"

-- Errors carry this marker so the public function can re-raise them at the script's line.
local ArgsError = {}
local function fail(fmt, ...) error(setmetatable({ message = FN .. ": " .. string.format(fmt, ...) }, ArgsError)) end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  return keys
end

-- A default that is a list of numbers takes a comma-separated list ("--g 1,2.5,4").
local function is_number_list(v)
  if type(v) ~= "table" or #v == 0 then return false end
  for k, x in pairs(v) do
    if math.type(k) ~= "integer" or type(x) ~= "number" then return false end
  end
  return true
end

local function kind_of(name, v)
  if math.type(v) == "integer" then return "integer" end
  if type(v) == "number" then return "number" end
  if type(v) == "string" then return "string" end
  if type(v) == "boolean" then return "boolean" end
  if is_number_list(v) then return "list" end
  fail("default of '%s' must be a number, string, boolean or list of numbers, got %s", name, type(v))
end

local NOUN = { integer = "an integer", number = "a number", string = "a string", boolean = "a boolean",
  list = "a list of numbers" }

local function show(v)
  if type(v) == "table" then
    local parts = {}
    for i, x in ipairs(v) do parts[i] = tostring(x) end
    return table.concat(parts, ",")
  end
  return tostring(v)
end

-- Converts the text of `--name text` to the type of the option's default.
local function convert(name, kind, text)
  if kind == "string" then return text end
  if kind == "boolean" then
    if text == "true" or text == "yes" or text == "1" then return true end
    if text == "false" or text == "no" or text == "0" then return false end
    fail("option '--%s' needs true or false, got '%s'", name, text)
  end
  if kind == "list" then
    local out = {}
    for item in (text .. ","):gmatch("([^,]*),") do
      local x = tonumber(item)
      if not x then fail("option '--%s' needs a comma-separated list of numbers, got '%s'", name, text) end
      out[#out + 1] = x
    end
    return out
  end
  local x = tonumber(text)
  if not x then fail("option '--%s' needs a number, got '%s'", name, text) end
  if kind == "integer" then
    if x ~= math.floor(x) or x ~= x or x == math.huge or x == -math.huge then
      fail("option '--%s' needs an integer, got '%s'", name, text)
    end
    return math.tointeger(x)
  end
  return x
end

local function usage(defaults, presets, kinds, header)
  local out = {}
  if header then out[#out + 1] = header end
  out[#out + 1] = "Options (--name value or --name=value; a flag alone for true, --no-name for false):"
  local names = sorted_keys(defaults)
  local width = 4
  for _, name in ipairs(names) do width = math.max(width, #name) end
  for _, p in ipairs(sorted_keys(presets)) do width = math.max(width, #p) end
  for _, name in ipairs(names) do
    local kind = kinds[name] == "list" and "numbers, comma-separated" or kinds[name]
    out[#out + 1] = string.format("  --%-" .. width .. "s  %s (default %s)", name, kind, show(defaults[name]))
  end
  for _, p in ipairs(sorted_keys(presets)) do
    local set = {}
    for _, k in ipairs(sorted_keys(presets[p])) do set[#set + 1] = k .. "=" .. show(presets[p][k]) end
    out[#out + 1] = string.format("  --%-" .. width .. "s  preset: %s", p, table.concat(set, " "))
  end
  out[#out + 1] = string.format("  --%-" .. width .. "s  this text", "help")
  return table.concat(out, "\n")
end

-- Checks the script's declaration of its options and presets (a programming error, not the user's).
local function check_declaration(argv, defaults, presets)
  if type(argv) ~= "table" then fail("argument #1 must be the script's arg table, got %s", type(argv)) end
  if type(defaults) ~= "table" then fail("argument #2 must be a table of defaults, got %s", type(defaults)) end
  if type(presets) ~= "table" then fail("argument #3 must be a table of presets, got %s", type(presets)) end
  local kinds = {}
  for name, v in pairs(defaults) do
    if type(name) ~= "string" or not name:match("^[%a_][%w_%-]*$") then
      fail("option names must be identifiers, got %s", tostring(name))
    end
    kinds[name] = kind_of(name, v)
  end
  for p, set in pairs(presets) do
    if type(p) ~= "string" or type(set) ~= "table" then fail("presets must be {name = {option = value, ...}}") end
    if defaults[p] ~= nil then fail("preset '%s' has the name of an option", p) end
    for k, v in pairs(set) do
      if defaults[k] == nil then fail("preset '%s' sets '%s', which is not an option", p, tostring(k)) end
      if kind_of(k, v) ~= kinds[k] and not (kinds[k] == "number" and math.type(v) == "integer") then
        fail("preset '%s' sets '%s' to %s, but its default is %s", p, k, NOUN[kind_of(k, v)], NOUN[kinds[k]])
      end
    end
  end
  return kinds
end

local function unknown(name, defaults, presets)
  local names = sorted_keys(defaults)
  for _, p in ipairs(sorted_keys(presets)) do names[#names + 1] = p end
  names[#names + 1] = "help"
  local near = nearest.closest(name, names)
  local listed = {}
  for i, n in ipairs(names) do listed[i] = "--" .. n end
  fail("unknown argument '--%s'%s; the options are %s", name, near and (" (did you mean '--" .. near .. "'?)") or "",
    table.concat(listed, ", "))
end

-- Parses argv against defaults; presets are named flags that set several options at once (explicit
-- options win over presets whatever their order). Returns the options, each preset's name = true
-- or false, and positional arguments as the list part.
local function parse(argv, defaults, presets, header)
  presets = presets or {}
  local kinds = check_declaration(argv, defaults, presets)
  if header ~= nil and type(header) ~= "string" then fail("argument #4 must be a string (the usage text)") end
  local explicit, chosen, positional = {}, {}, {}
  local i, only_positional = 1, false
  while i <= #argv do
    local a = argv[i]
    if only_positional or a == "-" or not a:match("^%-") then
      positional[#positional + 1] = a
    elseif a == "--" then
      only_positional = true
    elseif a == "--help" or a == "-h" then
      print(usage(defaults, presets, kinds, header))
      os.exit(0)
    else
      local name, value = a:match("^%-%-([^=]+)=(.*)$")
      name = name or a:match("^%-%-(.+)$")
      if not name then fail("cannot read argument '%s' (options are written --name value)", a) end
      if presets[name] then
        if value then fail("preset '--%s' takes no value, got '%s'", name, value) end
        chosen[name] = true
      elseif kinds[name] == nil and name:match("^no%-") and kinds[name:sub(4)] == "boolean" then
        if value then fail("option '--%s' takes no value, got '%s'", name, value) end
        explicit[name:sub(4)] = false
      elseif kinds[name] == nil then
        unknown(name, defaults, presets)
      elseif value then
        explicit[name] = convert(name, kinds[name], value)
      elseif kinds[name] == "boolean" then
        explicit[name] = true
      else
        if i == #argv then fail("option '--%s' needs a value", name) end
        i = i + 1
        explicit[name] = convert(name, kinds[name], argv[i])
      end
    end
    i = i + 1
  end
  local out = {}
  for name, v in pairs(defaults) do out[name] = v end
  for _, p in ipairs(sorted_keys(chosen)) do
    for k, v in pairs(presets[p]) do out[k] = v end
  end
  for name, v in pairs(explicit) do out[name] = v end
  for p in pairs(presets) do out[p] = chosen[p] == true end
  for k, v in ipairs(positional) do out[k] = v end
  return out
end

local function args(...)
  local ok, result = pcall(parse, ...)
  if ok then return result end
  if getmetatable(result) == ArgsError then error(result.message, 2) end
  error(result, 0)
end

cl.document(args, { name = "chaoslab.args",
  signature = "chaoslab.args(arg, defaults [, presets [, usage]]) -> options",
  summary = "A script's command-line options. defaults = {n = 1000, output = 'out.h5', ...} names every option and "
    .. "types it by its default (integer, number, string, boolean, or a list of numbers written 1,2,3; write 500.0 "
    .. "for an option that takes any number, 500 takes integers only); arguments are "
    .. "--name value or --name=value, a boolean alone is true and --no-name false. presets = {quick = {n = 100, ...}} "
    .. "adds flags (--quick) that set several options at once; options given explicitly win. Returns a table of "
    .. "every option, each preset's name = true/false, and positional arguments as its list part. --help prints the "
    .. "options with their defaults (after the usage text, if given) and exits; an unknown or malformed argument is an "
    .. "error that names it and suggests the closest option." })

return args
