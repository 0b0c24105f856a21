# Tests of darkglobe-feed: synthetic source, replay scheduler, publisher CLI (label "feed").
add_executable(test_synth tests/test_synth.c)
target_link_libraries(test_synth PRIVATE dgcore)
add_test(NAME feed_synth COMMAND test_synth)
set_tests_properties(feed_synth PROPERTIES TIMEOUT 60 LABELS feed)
add_executable(test_sched tests/test_sched.c)
target_link_libraries(test_sched PRIVATE dgcore)
add_test(NAME feed_sched COMMAND test_sched)
set_tests_properties(feed_sched PROPERTIES TIMEOUT 20 LABELS feed)
