-- luacheck settings for the Lua of chaoslab (stdlib/, examples/, tests/lua/); scripts/lint --lua runs it.
std = "lua54"
max_line_length = 120 -- .clang-format's ColumnLimit

-- Globals of the chaoslab binary: `chaoslab` (the module, set by the host) and `help` (stdlib/chaoslab/
-- prelude.lua, which assigns it with an inline ignore). Scripts read them and never assign them.
read_globals = { "chaoslab", "help" }

ignore = {
  -- "not (x > y)" can be replaced by "x <= y": not when x or y may be NaN. The plot code writes it on
  -- purpose so that NaN limits fail the check instead of passing it.
  "581",
}

-- The strict-globals tests read and write undeclared globals on purpose (the errors are the test).
files["tests/lua/test_module.lua"] = {
  globals = { "my_counter_value", "strict_a", "strict_b", "strict_c", "tab_table", "completion_array" },
  read_globals = { "undeclared_thing_q", "my_counter_valeu", "pirnt", "zzqqxxww_nothing_like_it" },
}
