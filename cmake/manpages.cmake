# manpages.cmake - the manual pages and the bash completion, made at build time: one page per
# docs/ page (pandoc, cmake/man_page.cmake) and the completion from the built program's
# --help texts (cmake/bash_completion.sh). Without pandoc there are no pages (configure says
# so; ./bootstrap.sh installs it).
find_program(PANDOC pandoc)
find_program(GZIP gzip REQUIRED)
set(TK_MAN_DIR ${CMAKE_BINARY_DIR}/man)
set(TK_MAN_OUTPUTS "")

# tk_man_page(NAME SECTION SOURCE [COMMAND cmd | SUMMARY text] [SEE_ALSO page...])
function(tk_man_page name section source)
  cmake_parse_arguments(PARSE_ARGV 3 page "" "COMMAND;SUMMARY" "SEE_ALSO")
  set(out ${TK_MAN_DIR}/man${section}/${name}.${section})
  list(JOIN page_SEE_ALSO ", " see_also)
  set(what -DTAKEDOWN=$<TARGET_FILE:takedown> -DCOMMAND=${page_COMMAND})
  if(page_SUMMARY)
    set(what "-DSUMMARY=${page_SUMMARY}")
  endif()
  add_custom_command(OUTPUT ${out} ${out}.gz
    COMMAND ${CMAKE_COMMAND} -DPANDOC=${PANDOC} -DFILTER=${CMAKE_SOURCE_DIR}/cmake/man_page.lua
            -DSRC=${CMAKE_SOURCE_DIR}/${source} -DOUT=${out} -DNAME=${name} -DSECTION=${section}
            -DVERSION=${PROJECT_VERSION} ${what} "-DSEE_ALSO=${see_also}"
            -P ${CMAKE_SOURCE_DIR}/cmake/man_page.cmake
    COMMAND ${GZIP} -9nf -k ${out}
    DEPENDS ${CMAKE_SOURCE_DIR}/${source} ${CMAKE_SOURCE_DIR}/cmake/man_page.lua
            ${CMAKE_SOURCE_DIR}/cmake/man_page.cmake takedown
    COMMENT "Manual page ${name}(${section})" VERBATIM)
  set(TK_MAN_OUTPUTS ${TK_MAN_OUTPUTS} ${out}.gz PARENT_SCOPE)
  install(FILES ${out}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
endfunction()

set(TK_COMMAND_PAGES predict export families vectors sinkhole exercise events simulate p2p
                     report notify index match detect hunt feed fleet)
if(PANDOC)
  set(all_pages "")
  foreach(command IN LISTS TK_COMMAND_PAGES)
    set(section 1)
    if(command STREQUAL "sinkhole")
      set(section 8)
    endif()
    list(APPEND all_pages "takedown-${command}(${section})")
  endforeach()
  list(APPEND all_pages "takedown-event-log(5)")

  tk_man_page(takedown 1 docs/takedown.md
    SUMMARY "predict, sinkhole, hunt and measure DGA botnets"
    SEE_ALSO ${all_pages})
  foreach(command IN LISTS TK_COMMAND_PAGES)
    set(section 1)
    set(related "takedown(1)")
    if(command STREQUAL "sinkhole")
      set(section 8)
      list(APPEND related "takedown-events(1)" "takedown-event-log(5)" "takedown-predict(1)"
           "takedown-export(1)" "takedown-report(1)" "systemd.exec(5)")
    elseif(command MATCHES "^(events|report|notify)$")
      list(APPEND related "takedown-sinkhole(8)" "takedown-event-log(5)")
    elseif(command MATCHES "^(predict|export)$")
      list(APPEND related "takedown-families(1)" "takedown-sinkhole(8)")
    elseif(command MATCHES "^(match|index|detect|hunt)$")
      list(APPEND related "takedown-index(1)" "takedown-match(1)" "takedown-detect(1)"
           "takedown-hunt(1)")
      list(REMOVE_ITEM related "takedown-${command}(1)")
    endif()
    tk_man_page(takedown-${command} ${section} docs/${command}.md COMMAND ${command}
                SEE_ALSO ${related})
  endforeach()
  tk_man_page(takedown-event-log 5 docs/EVENTS.md
    SUMMARY "the sinkhole's event record, its encodings and its log files"
    SEE_ALSO "takedown(1)" "takedown-sinkhole(8)" "takedown-events(1)")
else()
  message(STATUS "pandoc not found: no manual pages (./bootstrap.sh installs it)")
endif()

# The bash completion: the commands, their subcommands and long options, from --help.
set(TK_COMPLETION ${CMAKE_BINARY_DIR}/completion/takedown)
add_custom_command(OUTPUT ${TK_COMPLETION}
  COMMAND bash ${CMAKE_SOURCE_DIR}/cmake/bash_completion.sh $<TARGET_FILE:takedown> ${TK_COMPLETION}
  DEPENDS takedown ${CMAKE_SOURCE_DIR}/cmake/bash_completion.sh
  COMMENT "Bash completion" VERBATIM)
add_custom_target(manpages ALL DEPENDS ${TK_MAN_OUTPUTS} ${TK_COMPLETION})
install(FILES ${TK_COMPLETION} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
