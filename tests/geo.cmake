# Geolocation (viewer/geo.c) and sensor definitions (net/sensors.c): tests and benchmark.
set(DG_GEO_TMP ${CMAKE_BINARY_DIR}/geo-tests)

add_executable(test_sensors tests/test_sensors.c)
target_link_libraries(test_sensors PRIVATE dgcore)
add_test(NAME geo_sensors_tmpdir COMMAND ${CMAKE_COMMAND} -E make_directory ${DG_GEO_TMP})
set_tests_properties(geo_sensors_tmpdir PROPERTIES FIXTURES_SETUP geo_tmpdir LABELS geo TIMEOUT 10)
add_test(NAME geo_sensors COMMAND test_sensors ${DG_GEO_TMP})
set_tests_properties(geo_sensors PROPERTIES FIXTURES_REQUIRED geo_tmpdir LABELS geo TIMEOUT 20)

add_test(NAME geo_fixtures COMMAND perl ${CMAKE_SOURCE_DIR}/tests/mkfixture.pl ${DG_GEO_TMP}/mmdb)
set_tests_properties(geo_fixtures PROPERTIES FIXTURES_SETUP geo_mmdb LABELS geo TIMEOUT 20)
add_executable(test_geo tests/test_geo.c)
target_link_libraries(test_geo PRIVATE dgcore)
add_test(NAME geo_lookup COMMAND test_geo ${DG_GEO_TMP}/mmdb)
set_tests_properties(geo_lookup PROPERTIES FIXTURES_REQUIRED geo_mmdb LABELS geo TIMEOUT 20)

# Benchmark, not built by default: cached vs uncached lookups/s on the same database.
add_executable(bench_geo EXCLUDE_FROM_ALL tests/bench/bench_geo.c)
target_include_directories(bench_geo PRIVATE ${CMAKE_SOURCE_DIR}/viewer)
target_link_libraries(bench_geo PRIVATE dgcore)

# A coarse world database written at test time, so the viewer's tests place every arc
# without the downloaded DB-IP database (DARKGLOBE_GEOIP points the viewer at it).
set(DG_WORLD_GEO ${CMAKE_BINARY_DIR}/geo-tests/world)
add_test(NAME geo_world_fixture COMMAND perl ${CMAKE_SOURCE_DIR}/tests/feed_geo.pl ${DG_WORLD_GEO} --world)
set_tests_properties(geo_world_fixture PROPERTIES FIXTURES_SETUP world_geo LABELS geo TIMEOUT 20)
