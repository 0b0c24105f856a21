# Viewer shell, queue and transport tests.
add_executable(test_queue tests/test_queue.c)
target_link_libraries(test_queue PRIVATE dgcore)
target_include_directories(test_queue PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR}/viewer)
add_test(NAME queue COMMAND test_queue)

add_executable(test_netthread tests/test_netthread.c)
target_link_libraries(test_netthread PRIVATE dgcore)
target_include_directories(test_netthread PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR}/viewer)
add_test(NAME netthread COMMAND test_netthread)

add_executable(test_opts tests/test_opts.c)
target_link_libraries(test_opts PRIVATE dgcore)
target_include_directories(test_opts PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR}/viewer)
add_test(NAME opts COMMAND test_opts)
# The option parser of both programs, and their tables' shared specs (darkglobe-feed's table
# is compiled in: the feed executable is not a library).
add_executable(test_optparse tests/test_optparse.c net/feed/feed_opts.c)
target_link_libraries(test_optparse PRIVATE dgcore)
target_include_directories(test_optparse PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR}/viewer)
target_compile_options(test_optparse PRIVATE "-iquote${CMAKE_SOURCE_DIR}/net/feed")
add_test(NAME optparse COMMAND test_optparse)

add_test(NAME viewer_cli COMMAND ${CMAKE_SOURCE_DIR}/tests/test_viewer_cli.sh $<TARGET_FILE:darkglobe>)
add_test(NAME nanocat_interop
         COMMAND ${CMAKE_SOURCE_DIR}/tests/test_nanocat.sh $<TARGET_FILE:darkglobe>)

set_tests_properties(queue netthread opts optparse viewer_cli nanocat_interop PROPERTIES TIMEOUT 60 LABELS shell)

add_executable(test_auth tests/test_auth.c)
target_link_libraries(test_auth PRIVATE dgcore)
target_include_directories(test_auth PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR}/viewer)
add_test(NAME auth COMMAND test_auth)
set_tests_properties(auth PROPERTIES TIMEOUT 30 LABELS security)

add_test(NAME config_reload COMMAND ${CMAKE_SOURCE_DIR}/tests/test_reload.sh $<TARGET_FILE:darkglobe>)
set_tests_properties(config_reload PROPERTIES TIMEOUT 30 LABELS shell)

add_executable(tile_compare tests/tile_compare.c)
target_include_directories(tile_compare PRIVATE ${STB_INCLUDE_DIR})
target_link_libraries(tile_compare PRIVATE ${STB_LIBRARY} m)
add_test(NAME video_wall_tiles COMMAND ${CMAKE_SOURCE_DIR}/tests/test_tiles.sh
         $<TARGET_FILE:darkglobe> $<TARGET_FILE:tile_compare>)
set_tests_properties(video_wall_tiles PROPERTIES TIMEOUT 60 LABELS wall)
add_test(NAME ppm_stream COMMAND ${CMAKE_SOURCE_DIR}/tests/test_ppm.sh $<TARGET_FILE:darkglobe>)
set_tests_properties(ppm_stream PROPERTIES TIMEOUT 60 LABELS wall)

add_executable(test_app_render tests/test_app_render.c)
target_link_libraries(test_app_render PRIVATE dgview)
target_include_directories(test_app_render PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR}/viewer)
add_test(NAME app_render COMMAND test_app_render $<TARGET_FILE:darkglobe> ${CMAKE_BINARY_DIR})
set_tests_properties(app_render PROPERTIES TIMEOUT 120 LABELS render FIXTURES_REQUIRED world_geo
                     ENVIRONMENT DARKGLOBE_GEOIP=${CMAKE_BINARY_DIR}/geo-tests/world)
add_test(NAME display_modes COMMAND ${CMAKE_SOURCE_DIR}/tests/test_display.sh $<TARGET_FILE:darkglobe>)
set_tests_properties(display_modes PROPERTIES TIMEOUT 90 LABELS wall SKIP_RETURN_CODE 77)
