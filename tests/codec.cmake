# Feed wire format codecs: binary batch, JSON forms, message routing, fuzz corpus replay.
foreach(t wire json feedmsg)
  add_executable(test_${t} ${CMAKE_SOURCE_DIR}/tests/test_${t}.c)
  target_link_libraries(test_${t} PRIVATE dgcore)
  target_include_directories(test_${t} PRIVATE ${CMAKE_SOURCE_DIR}/tests)
  add_test(NAME codec_${t} COMMAND test_${t})
  set_tests_properties(codec_${t} PROPERTIES TIMEOUT 20 LABELS codec)
endforeach()

# The fuzz target replayed over the seed corpus and crash regressions with a normal build,
# so every past crash stays fixed even without clang (tests/fuzz/ builds the real fuzzer).
add_executable(fuzz_replay ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_decode.c
                           ${CMAKE_SOURCE_DIR}/tests/fuzz/replay_main.c)
target_link_libraries(fuzz_replay PRIVATE dgcore)
add_test(NAME codec_fuzz_replay
  COMMAND fuzz_replay ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/decode
                      ${CMAKE_SOURCE_DIR}/tests/fuzz/regress)
set_tests_properties(codec_fuzz_replay PROPERTIES TIMEOUT 20 LABELS codec)
