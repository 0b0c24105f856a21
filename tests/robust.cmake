# Reliability: fuzz corpus replayers (always), the leak check (sanitizer builds only) and
# the soak target (never part of ctest). See docs/reliability.md.

# Each fuzz target of tests/fuzz/ replayed over its seed corpus and crash regressions by a
# plain build, so every past crash stays fixed without clang. The real libFuzzer builds
# live in tests/fuzz/CMakeLists.txt (-DDG_FUZZ=ON, CC=clang).
set(DG_FUZZ_TARGETS csv pcap pktparse opts watchlist sensors recording)
foreach(t ${DG_FUZZ_TARGETS})
  add_executable(fuzz_${t}_replay ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_${t}.c
                                  ${CMAKE_SOURCE_DIR}/tests/fuzz/replay_main.c)
  target_link_libraries(fuzz_${t}_replay PRIVATE dgcore)
  set(dirs ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${t})
  if(EXISTS ${CMAKE_SOURCE_DIR}/tests/fuzz/regress/${t})
    list(APPEND dirs ${CMAKE_SOURCE_DIR}/tests/fuzz/regress/${t})
  endif()
  add_test(NAME fuzz_${t}_replay COMMAND fuzz_${t}_replay ${dirs})
  set_tests_properties(fuzz_${t}_replay PROPERTIES TIMEOUT 30 LABELS fuzz)
endforeach()

# LeakSanitizer over the headless viewer fed for a while: only meaningful (and only
# possible) when the whole build is instrumented.
if(DG_SANITIZE)
  add_test(NAME leak_viewer
    COMMAND ${CMAKE_SOURCE_DIR}/tests/leak.sh $<TARGET_FILE:darkglobe> $<TARGET_FILE:darkglobe-feed>)
  set_tests_properties(leak_viewer PROPERTIES TIMEOUT 240 LABELS leak
    ENVIRONMENT "LEAK_SECONDS=$ENV{LEAK_SECONDS}")
endif()

# Soak: minutes of synthetic feed into the headless viewer, memory and frame time sampled.
# `cmake --build B --target soak`; SOAK_SECONDS / SOAK_RATE from the environment.
add_custom_target(soak
  COMMAND ${CMAKE_SOURCE_DIR}/tests/soak/soak.sh $<TARGET_FILE:darkglobe>
          $<TARGET_FILE:darkglobe-feed> ${CMAKE_BINARY_DIR}/soak
  DEPENDS darkglobe darkglobe-feed
  USES_TERMINAL
  COMMENT "Soak test (SOAK_SECONDS, default 600)")

# Sanitized code runs several times slower (llvmpipe rendering most of all): in a
# DG_SANITIZE build every test's TIMEOUT is multiplied by DG_TIMEOUT_SCALE (environment at
# configure time, default 3). Deferred to the end of the directory so that the tests of
# every tests/*.cmake, whatever their order, are already defined.
if(DG_SANITIZE)
  function(dg_scale_timeouts)
    set(scale 3)
    if(DEFINED ENV{DG_TIMEOUT_SCALE})
      set(scale $ENV{DG_TIMEOUT_SCALE})
    endif()
    get_directory_property(all TESTS)
    foreach(t ${all})
      get_test_property(${t} TIMEOUT old)
      if(old)
        math(EXPR new "${old} * ${scale}")
        set_tests_properties(${t} PROPERTIES TIMEOUT ${new})
      endif()
    endforeach()
  endfunction()
  cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL dg_scale_timeouts)
endif()
