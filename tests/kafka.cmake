# Kafka: darkglobe-feed consuming and producing, as real processes against librdkafka's mock
# cluster (label "kafka").
add_executable(test_kafka ${CMAKE_SOURCE_DIR}/tests/test_kafka.c
               ${CMAKE_SOURCE_DIR}/tests/kafka_mock.c)
target_link_libraries(test_kafka PRIVATE dgcore)
add_dependencies(test_kafka darkglobe-feed)
foreach(c cli roundtrip order malformed seek loop resume broker produce auth eve flowtuple)
  add_test(NAME kafka_${c} COMMAND test_kafka $<TARGET_FILE:darkglobe-feed> ${c})
  set_tests_properties(kafka_${c} PROPERTIES TIMEOUT 180 LABELS kafka)
endforeach()
