-- Loaded by luaopen_chaoslab after the native functions are registered: adds the parts of the
-- module written in Lua (help, pretty printing) and the global help().
local cl = require "chaoslab"

require "chaoslab.help"
cl.pretty = require "chaoslab.pretty"
cl.document(cl.pretty.format, { name = "chaoslab.pretty.format", signature = "pretty.format(x) -> string",
  summary = "A one-line summary of any value: tables to depth 2 and 12 entries, long strings and arrays elided." })
cl.document(cl.pretty.print, { name = "chaoslab.pretty.print", signature = "pretty.print(...)",
  summary = "Prints each value like pretty.format, tab-separated (what the REPL uses for results)." })
cl.plot = require "chaoslab.plot" -- SVG figures; registers its own help entries
cl.args = require "chaoslab.args" -- command-line options of study scripts

help = cl.help -- luacheck: ignore (the one global chaoslab adds besides `chaoslab`)
