# The analyst's view (issue 14): services and CVEs, windowed tops, alert cards, the home view,
# ASN lookups (label "analyst"; the GL ones also "hud").
foreach(t services view)
  add_executable(test_${t} ${CMAKE_SOURCE_DIR}/tests/test_${t}.c)
  target_link_libraries(test_${t} PRIVATE dgcore)
  add_test(NAME ${t} COMMAND test_${t})
  set_tests_properties(${t} PROPERTIES TIMEOUT 20 LABELS analyst)
endforeach()

# ASN fixtures: scripts/asn2mmdb.pl (the set-up's converter) writes them from small CSVs.
set(DG_ASN_TMP ${CMAKE_BINARY_DIR}/asn-tests)
add_test(NAME asn_fixtures COMMAND sh -c
  "mkdir -p '${DG_ASN_TMP}' && perl '${CMAKE_SOURCE_DIR}/scripts/asn2mmdb.pl' '${CMAKE_SOURCE_DIR}/tests/data/asn-fixture-ipv4.csv' '${DG_ASN_TMP}/asn-ipv4.mmdb' 4 && perl '${CMAKE_SOURCE_DIR}/scripts/asn2mmdb.pl' '${CMAKE_SOURCE_DIR}/tests/data/asn-fixture-ipv6.csv' '${DG_ASN_TMP}/asn-ipv6.mmdb' 6")
set_tests_properties(asn_fixtures PROPERTIES FIXTURES_SETUP asn_mmdb LABELS "analyst;geo" TIMEOUT 30)
add_executable(test_asn ${CMAKE_SOURCE_DIR}/tests/test_asn.c)
target_link_libraries(test_asn PRIVATE dgcore)
add_test(NAME asn_lookup COMMAND test_asn ${DG_ASN_TMP})
set_tests_properties(asn_lookup PROPERTIES FIXTURES_REQUIRED asn_mmdb LABELS "analyst;geo" TIMEOUT 20)

# The 2017 story through the real programs: the alert card opens for the Mirai surge.
add_test(NAME analyst_story COMMAND ${CMAKE_SOURCE_DIR}/tests/test_story.sh
         $<TARGET_FILE:darkglobe> $<TARGET_FILE:darkglobe-feed> $<TARGET_FILE:png_probe>)
set_tests_properties(analyst_story PROPERTIES TIMEOUT 90 LABELS analyst FIXTURES_REQUIRED world_geo
                     ENVIRONMENT DARKGLOBE_GEOIP=${CMAKE_BINARY_DIR}/geo-tests/world)
