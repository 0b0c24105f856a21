# The helpers every layer shares, one module each: byte order, clock, addresses, CIDRs and
# their hash, names (net/base), and the feed's SUB socket set-up (net/wire) (label "base").
foreach(t bytes clock addr names sub)
  add_executable(test_${t} ${CMAKE_SOURCE_DIR}/tests/test_${t}.c)
  target_link_libraries(test_${t} PRIVATE dgcore)
  target_include_directories(test_${t} PRIVATE ${CMAKE_SOURCE_DIR}/tests)
  add_test(NAME base_${t} COMMAND test_${t})
  set_tests_properties(base_${t} PROPERTIES TIMEOUT 20 LABELS base)
endforeach()
