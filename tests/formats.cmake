# The inputs operators already have (label "formats"): compressed captures, Suricata EVE JSON,
# Zeek conn.log, nfdump, CAIDA flowtuples; fixtures made by each format's own tool or library
# (Suricata and Zeek are not packaged for Debian 12: their fixtures are written by hand to
# the documented formats).
foreach(t zcapture eve zeek nfdump flowtuple)
  add_executable(test_${t} ${CMAKE_SOURCE_DIR}/tests/test_${t}.c)
  target_link_libraries(test_${t} PRIVATE dgcore)
  add_test(NAME formats_${t} COMMAND test_${t})
  set_tests_properties(formats_${t} PROPERTIES TIMEOUT 60 LABELS formats SKIP_RETURN_CODE 77)
endforeach()
