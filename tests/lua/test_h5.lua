-- chaoslab.h5: write -> read round trips of nested tables, arrays with their shape, strings and
-- attributes; mode "a"; listing; and the error messages.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/helpers.lua")
local cl = require "chaoslab"

local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir -p " .. T.shell_quote(dir)))
local function path(name) return dir .. "/" .. name end

T.test("nested tables, arrays, lists and strings survive a round trip", function()
  local m = cl.array({1, 2, 3, 4, 5, 6}, {2, 3})
  assert(cl.h5.write(path("a.h5"), { m = m, x = 2.5, note = "hi", group = { names = {"a", "bb"}, v = {1, 2, 3} } },
                     { attributes = { session = 3, who = "test" } }))
  local f = cl.h5.read(path("a.h5"))
  T.eq(f.x, 2.5); T.eq(f.note, "hi")
  T.eq(table.concat(f.m:shape(), "x"), "2x3")
  T.eq(f.m[2][1], 4)
  T.eq(f.group.names[2], "bb")
  T.eq(f.group.v[3], 3)
  T.eq(cl.h5.read(path("a.h5"), "group/v")[2], 2)
  T.eq(cl.h5.read(path("a.h5"), "/m")[1][3], 3)
  local a = cl.h5.attributes(path("a.h5"))
  T.eq(a.session, 3); T.eq(a.who, "test")
  assert(not io.open(path("a.h5.tmp")), "no temporary file is left behind")
end)

T.test("mode 'a' adds and replaces, 'w' replaces the file", function()
  cl.h5.write(path("b.h5"), { x = 1, g = { y = 2 } })
  cl.h5.write(path("b.h5"), { x = 10, g = { z = 3 } }, { mode = "a" })
  local f = cl.h5.read(path("b.h5"))
  T.eq(f.x, 10); T.eq(f.g.y, 2); T.eq(f.g.z, 3)
  cl.h5.write(path("b.h5"), { only = 1 })
  f = cl.h5.read(path("b.h5"))
  T.eq(f.x, nil); T.eq(f.only, 1)
end)

T.test("list shows every group and dataset with its type and shape", function()
  cl.h5.write(path("c.h5"), { a = cl.zeros{4, 2}, s = {"x"}, g = { n = 1 } })
  local seen = {}
  for _, e in ipairs(cl.h5.list(path("c.h5"))) do seen[e.name] = e end
  T.eq(seen["/a"].type, "float64"); T.eq(seen["/a"].shape[1], 4); T.eq(seen["/a"].shape[2], 2)
  T.eq(seen["/s"].type, "string")
  T.eq(seen["/g"].kind, "group")
  T.eq(#seen["/g/n"].shape, 0)
end)

T.test("errors name the function, the object and the value", function()
  T.expect_error(function() cl.h5.read(path("missing.h5")) end,
    "h5.read: cannot open '" .. path("missing.h5") .. "' (no such file)")
  local f = assert(io.open(path("text.h5"), "w")); f:write("plain text"); f:close()
  T.expect_error(function() cl.h5.read(path("text.h5")) end, "h5.read: '" .. path("text.h5") .. "' is not an HDF5 file")
  cl.h5.write(path("d.h5"), { x = 1 })
  T.expect_error(function() cl.h5.read(path("d.h5"), "/results/foo") end,
    "h5.read: '" .. path("d.h5") .. "' has no object '/results/foo'")
  T.expect_error(function() cl.h5.attributes(path("d.h5"), "nope") end,
    "h5.attributes: '" .. path("d.h5") .. "' has no object '/nope'")
  T.expect_error(function() cl.h5.write(path("e.h5"), { x = true }) end,
                 "h5.write: data.x must be a number, string, chaoslab.Array or table, got boolean")
  T.expect_error(function() cl.h5.write(path("e.h5"), { g = { y = {1, "a"} } }) end,
    "h5.write: data.g.y mixes numbers and strings (item 2)")
  T.expect_error(function() cl.h5.write(path("e.h5"), { x = 1 }, { mode = "x" }) end,
                 "h5.write: option 'mode' must be \"w\" or \"a\", got \"x\"")
  T.expect_error(function() cl.h5.write(path("e.h5"), { x = 1 }, { mdoe = "a" }) end,
    "h5.write: unknown option 'mdoe' (did you mean 'mode'?)")
  T.expect_error(function() cl.h5.write(path("e.h5"), { ["a/b"] = 1 }) end,
    "h5.write: name 'a/b' in data cannot be empty or contain '/'")
  T.expect_error(function() cl.h5.write(path("e.h5"), {1, 2}) end,
    "h5.write: data must be a table of names, got a list")
end)

os.execute("rm -rf " .. T.shell_quote(dir))
T.done()
