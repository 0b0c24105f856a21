# Truth on real data (issue 11): one clock on screen, feed state, sensor placement, frame
# liveness and signals, with the real programs (label "truth").
add_executable(test_feedclock tests/test_feedclock.c)
target_link_libraries(test_feedclock PRIVATE dgcore)
add_test(NAME feedclock COMMAND test_feedclock)
set_tests_properties(feedclock PROPERTIES TIMEOUT 20 LABELS truth)

add_executable(png_probe tests/png_probe.c)
target_include_directories(png_probe PRIVATE ${STB_INCLUDE_DIR})
target_link_libraries(png_probe PRIVATE ${STB_LIBRARY} m)

add_test(NAME truth_clock COMMAND ${CMAKE_SOURCE_DIR}/tests/test_truth_clock.sh
         $<TARGET_FILE:darkglobe> $<TARGET_FILE:darkglobe-feed> $<TARGET_FILE:png_probe>)
set_tests_properties(truth_clock PROPERTIES TIMEOUT 90 LABELS truth)
add_test(NAME truth_feedstate COMMAND ${CMAKE_SOURCE_DIR}/tests/test_truth_feedstate.sh
         $<TARGET_FILE:darkglobe> $<TARGET_FILE:darkglobe-feed> $<TARGET_FILE:png_probe>)
add_test(NAME truth_sensors COMMAND ${CMAKE_SOURCE_DIR}/tests/test_truth_sensors.sh
         $<TARGET_FILE:darkglobe> $<TARGET_FILE:png_probe>
         ${CMAKE_SOURCE_DIR}/../shared/datasets/marx/marx.csv.gz)
add_test(NAME truth_liveness COMMAND ${CMAKE_SOURCE_DIR}/tests/test_truth_liveness.sh
         $<TARGET_FILE:darkglobe> $<TARGET_FILE:darkglobe-feed>
         ${CMAKE_SOURCE_DIR}/../shared/datasets/marx/marx.csv.gz)
add_test(NAME truth_signals COMMAND ${CMAKE_SOURCE_DIR}/tests/test_truth_signals.sh
         $<TARGET_FILE:darkglobe> $<TARGET_FILE:darkglobe-feed>
         ${CMAKE_SOURCE_DIR}/../shared/datasets/marx/marx.csv.gz)
set_tests_properties(truth_feedstate truth_sensors truth_liveness truth_signals
                     PROPERTIES TIMEOUT 120 LABELS truth)
# Timing tests: not beside other floods of this suite.
set_tests_properties(truth_liveness truth_signals PROPERTIES RUN_SERIAL TRUE)
