# Alert store, watchlist and detectors (label "alerts").
foreach(t watchlist detect alerts)
  add_executable(test_${t} ${CMAKE_SOURCE_DIR}/tests/test_${t}.c)
  target_link_libraries(test_${t} PRIVATE dgcore)
  add_test(NAME ${t} COMMAND test_${t})
  set_tests_properties(${t} PROPERTIES TIMEOUT 20 LABELS alerts)
endforeach()
