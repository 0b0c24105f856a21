# Truth on real data (issue 11): one clock on screen, feed state, sensor placement, frame
# liveness and signals, with the real programs (label "truth").
add_executable(test_feedclock tests/test_feedclock.c)
target_link_libraries(test_feedclock PRIVATE dgcore)
add_test(NAME feedclock COMMAND test_feedclock)
set_tests_properties(feedclock PROPERTIES TIMEOUT 20 LABELS truth)
