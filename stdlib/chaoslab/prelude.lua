-- Loaded by luaopen_chaoslab after the native functions are registered: adds the parts of the
-- module written in Lua (help, pretty printing) and the global help().
local cl = require "chaoslab"

require "chaoslab.help"
cl.pretty = require "chaoslab.pretty"

help = cl.help -- luacheck: ignore (the one global chaoslab adds besides `chaoslab`)
