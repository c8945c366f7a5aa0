-- man_page.lua - a pandoc filter that turns one docs/ page into a manual page: NAME from the
-- metadata (name, summary), SYNOPSIS from the page's first `takedown ...` code block before
-- its first section, the rest as DESCRIPTION and sections, and SEE ALSO from the metadata.
-- Headings move up one level (## is .SH, ### is .SS); links to other docs/ pages keep their
-- text only, since a manual page cannot follow them.

local function meta_text(meta, key)
  local value = meta[key]
  if value == nil then
    return nil
  end
  return pandoc.utils.stringify(value)
end

local function is_synopsis(block)
  return block.t == "CodeBlock" and block.text:match("^%s*takedown[%s%-]") ~= nil
end

-- The page's own title (the first level-1 heading) is replaced by NAME.
local function drop_title(blocks)
  if blocks[1] and blocks[1].t == "Header" and blocks[1].level == 1 then
    table.remove(blocks, 1)
  end
end

-- Removes and returns the synopsis block of the introduction, if there is one.
local function take_synopsis(blocks)
  for i, block in ipairs(blocks) do
    if block.t == "Header" then
      return nil
    end
    if is_synopsis(block) then
      table.remove(blocks, i)
      return block
    end
  end
  return nil
end

local function promote(header)
  header.level = math.max(1, header.level - 1)
  if header.level == 1 then
    header.content = pandoc.walk_inline(pandoc.Span(header.content), {
      Str = function(s) return pandoc.Str(pandoc.text.upper(s.text)) end,
      Code = function(c) return pandoc.Str(pandoc.text.upper(c.text)) end,
    }).content
  end
  return header
end

local function section(title)
  return pandoc.Header(1, pandoc.Str(title))
end

-- "takedown(1), takedown-predict(1)" as man pages write references: names in bold, never
-- hyphenated (\%).
local function page_references(list)
  local inlines = {}
  for item in list:gmatch("[^,%s]+") do
    local name, sect = item:match("^(.-)(%(%w+%))$")
    if #inlines > 0 then
      table.insert(inlines, pandoc.Str(","))
      table.insert(inlines, pandoc.Space())
    end
    table.insert(inlines, pandoc.RawInline("man", "\\%"))
    table.insert(inlines, pandoc.Strong(pandoc.Str(name or item)))
    table.insert(inlines, pandoc.Str(sect or ""))
  end
  return inlines
end

-- Tables wider than a terminal get column widths (the gfm reader gives none, and tbl then
-- gives every text column the same share): a short column keeps its width, a long one gets
-- its longest word and a share of the rest by its length. A table whose words do not fit is
-- left to tbl.
local TEXT_WIDTH = 72 -- pandoc's --columns: a width of 1 is 72n in tbl
local SHORT_COLUMN = 24

local function measure(tbl)
  local lengths, words = {}, {}
  for i = 1, #tbl.colspecs do
    lengths[i], words[i] = 1, 1
  end
  local function rows(list)
    for _, row in ipairs(list) do
      for i, cell in ipairs(row.cells) do
        local text = pandoc.utils.stringify(cell.contents)
        lengths[i] = math.max(lengths[i], (utf8.len(text) or #text) + 1)
        for word in text:gmatch("%S+") do
          words[i] = math.max(words[i], (utf8.len(word) or #word) + 1)
        end
      end
    end
  end
  rows(tbl.head.rows)
  for _, body in ipairs(tbl.bodies) do
    rows(body.body)
  end
  return lengths, words
end

function Table(tbl)
  local lengths, words = measure(tbl)
  local room = TEXT_WIDTH - 3 * (#lengths - 1)
  local natural, short, long = 0, 0, 0
  for _, length in ipairs(lengths) do
    natural = natural + length
    if length <= SHORT_COLUMN then
      short = short + length
    else
      long = long + length
    end
  end
  if natural <= room or long == 0 then
    return nil
  end
  -- Each long column gets its longest word, then a share of what is left by its length.
  local widths, spare, extra = {}, room - short, 0
  for i, length in ipairs(lengths) do
    if length <= SHORT_COLUMN then
      widths[i] = length
    else
      widths[i] = words[i]
      spare = spare - words[i]
      extra = extra + length - words[i]
    end
  end
  if spare < 0 then
    return nil
  end
  for i, length in ipairs(lengths) do
    if length > SHORT_COLUMN and extra > 0 then
      widths[i] = widths[i] + spare * (length - words[i]) / extra
    end
  end
  for i, width in ipairs(widths) do
    tbl.colspecs[i] = {tbl.colspecs[i][1], width / TEXT_WIDTH}
  end
  return tbl
end

function Link(link)
  if not link.target:match("^%a[%w+.-]*:") then
    return link.content
  end
  return link
end

function Pandoc(doc)
  local blocks = doc.blocks
  drop_title(blocks)
  local synopsis = take_synopsis(blocks)
  local out = {}
  table.insert(out, section("NAME"))
  table.insert(out, pandoc.Para({pandoc.Str(meta_text(doc.meta, "name")), pandoc.Space(),
                                 pandoc.RawInline("man", "\\-"), pandoc.Space(),
                                 pandoc.Str(meta_text(doc.meta, "summary"))}))
  if synopsis then
    table.insert(out, section("SYNOPSIS"))
    table.insert(out, synopsis)
  end
  if blocks[1] and blocks[1].t ~= "Header" then
    table.insert(out, section("DESCRIPTION"))
  end
  for _, block in ipairs(blocks) do
    if block.t == "Header" then
      block = promote(block)
    end
    table.insert(out, block)
  end
  local see_also = meta_text(doc.meta, "see_also")
  if see_also and see_also ~= "" then
    table.insert(out, section("SEE ALSO"))
    table.insert(out, pandoc.Para(page_references(see_also)))
  end
  return pandoc.Pandoc(out, doc.meta)
end
