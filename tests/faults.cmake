# Fault tests with real processes and sockets (issue: reliability and security).
add_executable(fault_pub tests/fault_pub.c)
target_link_libraries(fault_pub PRIVATE dgcore)
add_test(NAME fault_barrage COMMAND ${CMAKE_SOURCE_DIR}/tests/test_barrage.sh
         $<TARGET_FILE:darkglobe> $<TARGET_FILE:fault_pub>)
add_test(NAME fault_reconnect COMMAND ${CMAKE_SOURCE_DIR}/tests/test_reconnect.sh
         $<TARGET_FILE:darkglobe> $<TARGET_FILE:fault_pub>)
add_test(NAME fault_flood COMMAND ${CMAKE_SOURCE_DIR}/tests/test_flood.sh
         $<TARGET_FILE:darkglobe> $<TARGET_FILE:fault_pub>)
add_test(NAME fault_bad_files COMMAND ${CMAKE_SOURCE_DIR}/tests/test_bad_files.sh
         $<TARGET_FILE:darkglobe>)
set_tests_properties(fault_barrage fault_reconnect fault_flood fault_bad_files
                     PROPERTIES TIMEOUT 90 LABELS faults)

add_test(NAME viewer_record COMMAND ${CMAKE_SOURCE_DIR}/tests/test_record.sh
         $<TARGET_FILE:darkglobe> $<TARGET_FILE:darkglobe-feed>)
set_tests_properties(viewer_record PROPERTIES TIMEOUT 60 LABELS sources)

add_test(NAME viewer_replay COMMAND ${CMAKE_SOURCE_DIR}/tests/test_viewer_replay.sh
         $<TARGET_FILE:darkglobe> $<TARGET_FILE:darkglobe-feed>)
set_tests_properties(viewer_replay PROPERTIES TIMEOUT 60 LABELS sources FIXTURES_REQUIRED world_geo
                     ENVIRONMENT DARKGLOBE_GEOIP=${CMAKE_BINARY_DIR}/geo-tests/world)
