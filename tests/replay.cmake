# Viewer replay of captures, logs and recordings (label "replay").
if(EXISTS ${CMAKE_SOURCE_DIR}/tests/test_replay.c)
  add_executable(test_replay tests/test_replay.c)
  target_link_libraries(test_replay PRIVATE dgcore)
  add_test(NAME replay COMMAND test_replay)
  set_tests_properties(replay PROPERTIES TIMEOUT 30 LABELS replay)
  add_test(NAME replay_marx COMMAND test_replay ${CMAKE_SOURCE_DIR}/../shared/datasets/marx/marx.csv.gz)
  set_tests_properties(replay_marx PROPERTIES TIMEOUT 60 LABELS replay SKIP_RETURN_CODE 77)
endif()
