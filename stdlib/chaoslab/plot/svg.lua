-- SVG 1.1 text building for chaoslab.plot: escaping, compact number formatting, elements with
-- attributes in a fixed order (so the same figure gives the same bytes), and the file write.
local M = {}

local floor = math.floor

local ESCAPES = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&apos;" }

-- Text and attribute values with the five XML specials escaped; control characters other than
-- tab and newline are not allowed in XML 1.0 at all, so they become spaces.
function M.escape(s)
  s = tostring(s)
  if not s:find("[%c&<>\"']") then return s end -- the common case (numbers, path data): no copy
  return (s:gsub("[&<>\"']", ESCAPES):gsub("[%z\1-\8\11\12\14-\31]", " "))
end

-- A coordinate with at most two decimals and no trailing zeros ("12", "12.5", "-0.25"): pixel
-- positions need no more, and the files stay small.
function M.num(x)
  local v = floor(x * 100 + 0.5)
  if v == 0 then return "0" end
  local sign = ""
  if v < 0 then sign, v = "-", -v end
  local whole, frac = v // 100, v % 100
  if frac == 0 then return sign .. whole end
  if frac % 10 == 0 then return sign .. whole .. "." .. frac // 10 end
  return sign .. whole .. (frac < 10 and ".0" or ".") .. frac
end

-- attrs is a flat list {"name", value, "name", value, ...}: a list keeps the order fixed
-- (pairs() would not), and nil values are skipped so optional attributes need no branches.
local function attribute_text(attrs)
  if not attrs then return "" end
  local parts = {}
  for i = 1, #attrs, 2 do
    local value = attrs[i + 1]
    if value ~= nil then
      if math.type(value) == "float" then value = M.num(value) end
      parts[#parts + 1] = " " .. attrs[i] .. '="' .. M.escape(value) .. '"'
    end
  end
  return table.concat(parts)
end

-- <name attrs/> or <name attrs>escaped text</name>.
function M.element(name, attrs, text)
  if text == nil then return "<" .. name .. attribute_text(attrs) .. "/>" end
  return "<" .. name .. attribute_text(attrs) .. ">" .. M.escape(text) .. "</" .. name .. ">"
end

-- The opening tag of an element whose children follow.
function M.open(name, attrs)
  return "<" .. name .. attribute_text(attrs) .. ">"
end

-- A document: a list of lines with an open/close stack; doc:text() checks the stack is empty.
local Document = {}
Document.__index = Document

function M.document(width, height, font_size)
  local doc = setmetatable({ lines = {}, stack = {}, width = width, height = height }, Document)
  doc.lines[1] = '<?xml version="1.0" encoding="UTF-8"?>'
  doc:open("svg", { "xmlns", "http://www.w3.org/2000/svg", "version", "1.1", "width", M.num(width),
    "height", M.num(height), "viewBox", "0 0 " .. M.num(width) .. " " .. M.num(height),
    "font-family", "DejaVu Sans, Arial, Helvetica, sans-serif", "font-size", M.num(font_size) })
  doc:add(M.element("rect", { "width", "100%", "height", "100%", "fill", "#ffffff" }))
  return doc
end

function Document:add(line)
  self.lines[#self.lines + 1] = string.rep("  ", #self.stack) .. line
end

function Document:element(name, attrs, text)
  self:add(M.element(name, attrs, text))
end

function Document:open(name, attrs)
  self:add(M.open(name, attrs))
  self.stack[#self.stack + 1] = name
end

function Document:close()
  local name = table.remove(self.stack)
  assert(name, "svg: close() without open()")
  self:add("</" .. name .. ">")
end

-- Text at (x, y); opts: anchor ('start' | 'middle' | 'end'), size, rotate (degrees about the
-- anchor point), weight, fill, class. The caller places the baseline: renderers disagree on
-- dominant-baseline, so no element relies on it.
function Document:text(x, y, s, opts)
  opts = opts or {}
  local transform = opts.rotate and ("rotate(" .. M.num(opts.rotate) .. " " .. M.num(x) .. " " .. M.num(y) .. ")")
    or nil
  self:element("text", { "class", opts.class, "x", M.num(x), "y", M.num(y), "text-anchor", opts.anchor,
    "font-size", opts.size and M.num(opts.size) or nil, "font-weight", opts.weight, "fill", opts.fill,
    "transform", transform }, s)
end

-- The whole document as a string; every opened element must have been closed except <svg>.
function Document:finish()
  while #self.stack > 0 do self:close() end
  return table.concat(self.lines, "\n") .. "\n"
end

-- Writes text to path through a temporary name and a rename, so a reader never sees half a
-- file; returns true or nil and the reason.
function M.write_file(path, text)
  local tmp = path .. ".tmp"
  local f, err = io.open(tmp, "w")
  if not f then return nil, err end
  local ok, werr = f:write(text)
  local closed, cerr = f:close()
  if not ok or not closed then
    os.remove(tmp)
    return nil, werr or cerr
  end
  local renamed, rerr = os.rename(tmp, path)
  if not renamed then
    os.remove(tmp)
    return nil, rerr
  end
  return true
end

-- Approximate width in px of s at font size `size`: DejaVu Sans (the usual sans-serif on Linux)
-- averages about 0.6 em per character for digits and lower case; used to make room for labels.
function M.text_width(s, size)
  local n = utf8.len(s) or #s
  return n * 0.6 * size
end

return M
