# man_page.cmake - makes one manual page from one docs/ page with pandoc (cmake -P).
#   -DPANDOC=pandoc -DFILTER=man_page.lua -DSRC=docs/x.md -DOUT=page.N -DNAME=takedown-x
#   -DSECTION=N -DVERSION=0.1.0 [-DSUMMARY=text | -DTAKEDOWN=binary -DCOMMAND=x]
#   [-DSEE_ALSO="takedown(1), ..."]
# Without SUMMARY, the NAME line takes the command's summary from `takedown help`, so the
# page and the program say the same. The date honours SOURCE_DATE_EPOCH.
if(NOT SUMMARY)
  execute_process(COMMAND ${TAKEDOWN} help OUTPUT_VARIABLE help RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${TAKEDOWN} help failed")
  endif()
  if(NOT help MATCHES "\n  ${COMMAND} +([^\n]+)")
    message(FATAL_ERROR "`takedown help` does not list ${COMMAND}")
  endif()
  set(SUMMARY "${CMAKE_MATCH_1}")
endif()
string(TIMESTAMP date "%Y-%m-%d" UTC)
string(TOUPPER "${NAME}" title)
execute_process(COMMAND ${PANDOC} --from gfm --to man --standalone --lua-filter ${FILTER}
                  --metadata title=${title} --metadata section=${SECTION}
                  --metadata date=${date} "--metadata=footer:takedown ${VERSION}"
                  "--metadata=header:takedown manual" --metadata name=${NAME}
                  "--metadata=summary:${SUMMARY}" "--metadata=see_also:${SEE_ALSO}"
                  ${SRC}
                OUTPUT_VARIABLE page RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "pandoc failed on ${SRC}")
endif()

# What mandoc -T lint and man(1) would warn about in pandoc's man output:
# - its preamble maps the font V (inline code) with .ftr, which mandoc does not know, and its
#   code blocks use the font C, which neither mandoc nor groff's terminals have: inline code
#   is set in bold, as manual pages set literal text, and code blocks in CR;
# - a .PP right after a heading is an empty paragraph;
# - justified text in narrow table cells leaves groff lines it "cannot adjust": the text is
#   set ragged-right (.ad l), as in many Debian pages.
string(REGEX REPLACE "\\.\\\\\" Define V font[^\n]*\n(\\.\\\\\"[^\n]*\n)?(\\.ie|\\.el|\\. ftr|\\.\\\\})[^\n]*\n((\\.ie|\\.el|\\. ftr|\\.\\\\})[^\n]*\n)*" "" page "${page}")
foreach(font BI B I)
  string(REPLACE "\\f[V${font}]" "\\f[${font}]" page "${page}")
endforeach()
string(REPLACE "\\f[V]" "\\f[B]" page "${page}")
string(REPLACE "\\f[C]" "\\f[CR]" page "${page}")
string(REGEX REPLACE "(\n\\.S[HS] [^\n]*)\n\\.PP\n" "\\1\n" page "${page}")
string(REGEX REPLACE "(\n\\.TH [^\n]*)\n" "\\1\n.ad l\n" page "${page}")
file(WRITE ${OUT} "${page}")
