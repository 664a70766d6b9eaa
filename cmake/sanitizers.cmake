# Sanitizer builds. AXON_SANITIZE builds everything (library, command, tests) with AddressSanitizer
# and UndefinedBehaviorSanitizer; AXON_FUZZ builds the library for libFuzzer (clang) and the
# targets in fuzz/. Undefined behaviour aborts instead of printing and going on, so tests fail.
option(AXON_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(AXON_FUZZ "Build the libFuzzer targets in fuzz/ (needs clang)" OFF)

set(AXON_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all
                         -fno-omit-frame-pointer)
if(AXON_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "AXON_FUZZ needs clang (libFuzzer): configure with CXX=clang++-14")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link ${AXON_SANITIZER_FLAGS})
  add_link_options(-fsanitize=address,undefined)
elseif(AXON_SANITIZE)
  add_compile_options(${AXON_SANITIZER_FLAGS})
  add_link_options(-fsanitize=address,undefined)
endif()
