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
# Aggregated records count all their packets in every viewer counter (needs viewer/ sources).
add_executable(test_aggregate ${CMAKE_SOURCE_DIR}/tests/test_aggregate.c)
target_link_libraries(test_aggregate PRIVATE dgcore)
add_test(NAME formats_aggregate COMMAND test_aggregate)
set_tests_properties(formats_aggregate PROPERTIES TIMEOUT 20 LABELS formats)
# Both programs on every format, end to end (fixtures: mkfixtures and the formats' tools).
add_executable(mkfixtures ${CMAKE_SOURCE_DIR}/tests/mkfixtures.c)
target_link_libraries(mkfixtures PRIVATE dgcore)
add_test(NAME formats_cli COMMAND bash ${CMAKE_SOURCE_DIR}/tests/test_formats_cli.sh
         $<TARGET_FILE:darkglobe-feed> $<TARGET_FILE:darkglobe> $<TARGET_FILE:mkfixtures>)
set_tests_properties(formats_cli PROPERTIES TIMEOUT 180 LABELS formats)
