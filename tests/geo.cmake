# Geolocation (viewer/geo.c) and sensor definitions (net/sensors.c): tests and benchmark.
set(DG_GEO_TMP ${CMAKE_BINARY_DIR}/geo-tests)

add_executable(test_sensors tests/test_sensors.c)
target_link_libraries(test_sensors PRIVATE dgcore)
add_test(NAME geo_sensors_tmpdir COMMAND ${CMAKE_COMMAND} -E make_directory ${DG_GEO_TMP})
set_tests_properties(geo_sensors_tmpdir PROPERTIES FIXTURES_SETUP geo_tmpdir LABELS geo TIMEOUT 10)
add_test(NAME geo_sensors COMMAND test_sensors ${DG_GEO_TMP})
set_tests_properties(geo_sensors PROPERTIES FIXTURES_REQUIRED geo_tmpdir LABELS geo TIMEOUT 20)
