# Sources area: pcap, CSV, JSON lines, recordings and the real Marx dataset.
foreach(t pcap recording)
  add_executable(test_${t} ${CMAKE_SOURCE_DIR}/tests/test_${t}.c)
  target_link_libraries(test_${t} PRIVATE dgcore)
  add_test(NAME sources_${t} COMMAND test_${t})
  set_tests_properties(sources_${t} PROPERTIES TIMEOUT 20 LABELS sources)
endforeach()
