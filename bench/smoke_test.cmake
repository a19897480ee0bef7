# Smoke test: the corpus generator and the in-process harness work end to end
# on the tiny XS corpus (a few seconds).
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${CORPUS} --size XS --out ${WORK}/csv
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "rg_corpus failed: ${rc}")
endif()
execute_process(COMMAND ${BENCH} load --db ${WORK}/db --size XS
                        --out ${WORK}/load.json
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "rg_bench load failed: ${rc}")
endif()
execute_process(COMMAND ${BENCH} query --db ${WORK}/db
                        --manifest ${WORK}/csv/manifest.json
                        --out ${WORK}/query.json --seconds 0.02
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "rg_bench query failed: ${rc}\n${err}")
endif()
file(READ ${WORK}/query.json result)
string(JSON count LENGTH "${result}" queries)
if(count LESS 8)
  message(FATAL_ERROR "expected every query timed, got ${count}")
endif()
file(REMOVE_RECURSE ${WORK})
