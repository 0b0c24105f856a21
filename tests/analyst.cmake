# The analyst's view (issue 14): services and CVEs, windowed tops, alert cards, the home view,
# ASN lookups (label "analyst"; the GL ones also "hud").
foreach(t services view)
  add_executable(test_${t} ${CMAKE_SOURCE_DIR}/tests/test_${t}.c)
  target_link_libraries(test_${t} PRIVATE dgcore)
  add_test(NAME ${t} COMMAND test_${t})
  set_tests_properties(${t} PROPERTIES TIMEOUT 20 LABELS analyst)
endforeach()
