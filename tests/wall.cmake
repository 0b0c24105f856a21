# Wall display and analyst workstation blocks (label "wall").
if(EXISTS ${CMAKE_SOURCE_DIR}/tests/test_wall.c)
  add_executable(test_wall tests/test_wall.c)
  target_link_libraries(test_wall PRIVATE dgcore PkgConfig::CGLM)
  add_test(NAME wall_blocks COMMAND test_wall)
  set_tests_properties(wall_blocks PROPERTIES TIMEOUT 20 LABELS wall)
endif()
if(EXISTS ${CMAKE_SOURCE_DIR}/tests/test_export.c)
  add_executable(test_export tests/test_export.c)
  target_link_libraries(test_export PRIVATE dgview)
  add_test(NAME wall_export COMMAND test_export ${CMAKE_BINARY_DIR}/wall-export)
  set_tests_properties(wall_export PROPERTIES TIMEOUT 30 LABELS wall)
endif()
# The example configurations load (a renamed or removed option breaks them loudly).
foreach(cfg soc-wall analyst-desk marx-replay)
  add_test(NAME wall_config_${cfg}
           COMMAND darkglobe --config ${CMAKE_SOURCE_DIR}/assets/${cfg}.ini
                   --save-config ${CMAKE_BINARY_DIR}/wall-config-${cfg}.ini)
  set_tests_properties(wall_config_${cfg} PROPERTIES TIMEOUT 20 LABELS wall)
endforeach()
