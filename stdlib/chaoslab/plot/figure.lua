-- Figures of chaoslab.plot: one panel or a grid of panels in one SVG document, written by rank 0
-- only (every rank checks the options and gets the path back, so scripts stay SPMD).
local cl = require "chaoslab"
local options = require "chaoslab.plot.options"
local svg = require "chaoslab.plot.svg"

local M = {}

local function check_file(v)
  if not v:match("%.[sS][vV][gG]$") then return "must end in .svg (chaoslab.plot writes SVG)" end
  return nil
end

-- Options of every single-panel function.
M.file_specs = {
  { name = "file", type = "string", required = true, validate = check_file,
    doc = "the SVG file to write (rank 0 writes it; every rank gets the path back)" },
  { name = "width", type = "positive", default = 640, unit = "px", doc = "figure width" },
  { name = "height", type = "positive", default = 480, unit = "px", doc = "figure height" },
  { name = "font_size", type = "positive", default = 12, unit = "px", doc = "size of tick labels and axis labels" },
}

-- Options of plot.grid itself (the panels carry their own).
M.grid_specs = {
  { name = "panels", type = "table", required = true,
    doc = "list of panels, each the options of a plot function plus kind = 'heatmap' | 'raster' | 'lines' | "
      .. "'scatter' | 'histogram' (no file, width, height, font_size); filled row by row" },
  { name = "rows", type = "count", doc_default = "enough for the panels", doc = "number of panel rows" },
  { name = "cols", type = "count", doc_default = "ceil(sqrt(#panels))", doc = "number of panel columns" },
  { name = "title", type = "string", doc = "title above all panels" },
  { name = "file", type = "string", required = true, validate = check_file,
    doc = "the SVG file to write (rank 0 writes it; every rank gets the path back)" },
  { name = "width", type = "positive", doc_default = "480 * cols", unit = "px", doc = "figure width" },
  { name = "height", type = "positive", doc_default = "360 * rows", unit = "px", doc = "figure height" },
  { name = "font_size", type = "positive", default = 11, unit = "px", doc = "size of tick labels and axis labels" },
}

-- Writes text to file on rank 0; a failure to write is an error (never silently lost).
local function write(fn, file, text)
  if cl.rank() ~= 0 then return end
  local ok, err = svg.write_file(file, text)
  if not ok then options.fail(string.format("%s: cannot write '%s': %s", fn, file, tostring(err))) end
end

-- A single-panel function: checks opts against kind's specs plus the file options, prepares the
-- data (all checks), draws, writes. Returns the file name.
function M.single(kind, fn, opts)
  local o = options.check(fn, opts, options.merge { kind.specs, M.file_specs })
  local model = kind.prepare(o, fn)
  local doc = svg.document(o.width, o.height, o.font_size)
  kind.draw(doc, { x = 0, y = 0, w = o.width, h = o.height }, model, { id = "p1", font_size = o.font_size, fn = fn })
  write(fn, o.file, doc:finish())
  return o.file
end

-- plot.grid: panels of any kinds in a rows x cols layout.
function M.grid(kinds, fn, opts)
  local o = options.check(fn, opts, M.grid_specs)
  local panels = o.panels
  if #panels == 0 then options.fail(fn .. ": option 'panels' is empty (give a list of panel tables)") end
  for k in pairs(panels) do
    if math.type(k) ~= "integer" or k < 1 or k > #panels then
      options.fail_option(fn, "panels", "must be a list of panel tables", k)
    end
  end
  local cols = o.cols or (o.rows and math.ceil(#panels / o.rows)) or math.ceil(math.sqrt(#panels))
  local rows = o.rows or math.ceil(#panels / cols)
  cols, rows = math.floor(cols), math.floor(rows)
  if rows * cols < #panels then
    options.fail(string.format("%s: %d panels do not fit into rows = %d x cols = %d", fn, #panels, rows, cols))
  end
  local names = {}
  for name in pairs(kinds) do names[#names + 1] = name end
  table.sort(names)
  local prepared = {}
  for i, panel in ipairs(panels) do
    local where = string.format("%s: panels[%d]", fn, i)
    if type(panel) ~= "table" then
      options.fail(string.format("%s must be a table of options, got %s", where, options.describe(panel)))
    end
    local kind = kinds[panel.kind]
    if not kind then
      options.fail_option(where, "kind", "must be one of " .. table.concat(names, ", "), panel.kind)
    end
    local o_panel = options.check(where, panel, kind.specs, { kind = true })
    prepared[i] = { kind = kind, model = kind.prepare(o_panel, where), where = where }
  end
  local width, height = o.width or 480 * cols, o.height or 360 * rows
  local doc = svg.document(width, height, o.font_size)
  local top = 0
  if o.title and o.title ~= "" then
    top = o.font_size * 1.3 * 1.4 + 8
    doc:text(width / 2, 8 + o.font_size * 1.3, o.title,
      { anchor = "middle", size = o.font_size * 1.3, weight = "bold", class = "figure-title" })
  end
  local cell_w, cell_h = width / cols, (height - top) / rows
  for i, p in ipairs(prepared) do
    local r, c = (i - 1) // cols, (i - 1) % cols
    local box = { x = c * cell_w, y = top + r * cell_h, w = cell_w, h = cell_h }
    doc:open("g", { "class", "panel", "id", "p" .. i })
    p.kind.draw(doc, box, p.model, { id = "p" .. i, font_size = o.font_size, fn = p.where })
    doc:close()
  end
  write(fn, o.file, doc:finish())
  return o.file
end

return M
