# Feed wire format codecs: binary batch, JSON forms, message routing, fuzz corpus replay.
foreach(t wire json feedmsg)
  add_executable(test_${t} ${CMAKE_SOURCE_DIR}/tests/test_${t}.c)
  target_link_libraries(test_${t} PRIVATE dgcore)
  target_include_directories(test_${t} PRIVATE ${CMAKE_SOURCE_DIR}/tests)
  add_test(NAME codec_${t} COMMAND test_${t})
  set_tests_properties(codec_${t} PROPERTIES TIMEOUT 20 LABELS codec)
endforeach()
