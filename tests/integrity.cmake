# Issue 12 - nothing accepted is lost, every refusal is counted, every bad value is refused:
# timestamps, losses and their counters, recording on a full disk, configuration files,
# keys, command-line values and network text; real files, processes and sockets.
add_test(NAME integrity_timestamps COMMAND ${CMAKE_SOURCE_DIR}/tests/test_timestamps.sh
         $<TARGET_FILE:darkglobe> $<TARGET_FILE:darkglobe-feed>)
set_tests_properties(integrity_timestamps PROPERTIES TIMEOUT 120 LABELS integrity)
add_executable(test_timestamp tests/test_timestamp.c)
target_link_libraries(test_timestamp PRIVATE dgcore)
target_include_directories(test_timestamp PRIVATE ${CMAKE_SOURCE_DIR}/tests)
add_test(NAME integrity_timestamp_unit COMMAND test_timestamp)
set_tests_properties(integrity_timestamp_unit PROPERTIES TIMEOUT 20 LABELS integrity)
add_test(NAME integrity_alert_inbox COMMAND ${CMAKE_SOURCE_DIR}/tests/test_alert_inbox.sh
         $<TARGET_FILE:darkglobe> $<TARGET_FILE:fault_pub>)
set_tests_properties(integrity_alert_inbox PROPERTIES TIMEOUT 90 LABELS integrity)
add_test(NAME integrity_disk_full COMMAND ${CMAKE_SOURCE_DIR}/tests/test_disk_full.sh
         $<TARGET_FILE:darkglobe> $<TARGET_FILE:darkglobe-feed>)
set_tests_properties(integrity_disk_full PROPERTIES TIMEOUT 120 LABELS integrity)
add_test(NAME integrity_refusals COMMAND ${CMAKE_SOURCE_DIR}/tests/test_refusals.sh
         $<TARGET_FILE:darkglobe> $<TARGET_FILE:darkglobe-feed>)
set_tests_properties(integrity_refusals PROPERTIES TIMEOUT 180 LABELS integrity)
add_test(NAME integrity_network_text COMMAND ${CMAKE_SOURCE_DIR}/tests/test_network_text.sh
         $<TARGET_FILE:darkglobe> $<TARGET_FILE:fault_pub>)
set_tests_properties(integrity_network_text PROPERTIES TIMEOUT 60 LABELS integrity)
