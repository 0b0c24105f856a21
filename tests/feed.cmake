# Tests of darkglobe-feed: synthetic source, replay scheduler, publisher CLI (label "feed").
add_executable(test_synth tests/test_synth.c)
target_link_libraries(test_synth PRIVATE dgcore)
add_test(NAME feed_synth COMMAND test_synth)
set_tests_properties(feed_synth PROPERTIES TIMEOUT 60 LABELS feed)
