# The layer order of net/ (docs/architecture.md): includes and CMake links (label "arch").
add_test(NAME layers COMMAND ${CMAKE_SOURCE_DIR}/tests/test_layers.sh ${CMAKE_SOURCE_DIR})
set_tests_properties(layers PROPERTIES TIMEOUT 30 LABELS arch)
