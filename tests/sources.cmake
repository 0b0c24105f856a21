# Sources area: pcap, CSV, JSON lines, recordings and the real Marx dataset.
foreach(t pcap csv jsonsrc recording marx)
  add_executable(test_${t} ${CMAKE_SOURCE_DIR}/tests/test_${t}.c)
  target_link_libraries(test_${t} PRIVATE dgcore)
endforeach()
foreach(t pcap csv jsonsrc recording)
  add_test(NAME sources_${t} COMMAND test_${t})
  set_tests_properties(sources_${t} PROPERTIES TIMEOUT 20 LABELS sources)
endforeach()
# The dataset lives beside the checkout and is never committed; absent -> SKIP (77).
add_test(NAME sources_marx COMMAND test_marx
         ${CMAKE_SOURCE_DIR}/../shared/datasets/marx/marx.csv.gz)
set_tests_properties(sources_marx PROPERTIES TIMEOUT 30 LABELS sources SKIP_RETURN_CODE 77)

# Scanner fingerprints on a crafted capture, with near misses.
add_executable(test_fingerprint tests/test_fingerprint.c)
target_link_libraries(test_fingerprint PRIVATE dgcore)
add_test(NAME fingerprints COMMAND test_fingerprint)
set_tests_properties(fingerprints PROPERTIES TIMEOUT 20 LABELS sources)
