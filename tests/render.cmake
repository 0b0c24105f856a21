# Render area: the arc pool, port scale, palette and camera (GL-free, test_arcs) and the
# headless pixel tests of the Atlas view (test_render, SDL offscreen + llvmpipe).
add_executable(test_arcs ${CMAKE_SOURCE_DIR}/tests/test_arcs.c)
target_link_libraries(test_arcs PRIVATE dgcore)
add_test(NAME render_arcs COMMAND test_arcs)
set_tests_properties(render_arcs PROPERTIES TIMEOUT 20 LABELS render)

add_executable(test_render ${CMAKE_SOURCE_DIR}/tests/test_render.c
               ${CMAKE_SOURCE_DIR}/tests/render_harness.c ${CMAKE_SOURCE_DIR}/tests/render_scene.c)
target_include_directories(test_render PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_link_libraries(test_render PRIVATE dgview)
add_test(NAME render_pixels COMMAND test_render)
set_tests_properties(render_pixels PROPERTIES TIMEOUT 60 LABELS render
                     ENVIRONMENT "SDL_VIDEODRIVER=offscreen")
