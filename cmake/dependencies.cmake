# Finding what axon and its optional parts need, stopping with the Debian package to install when
# something is missing.
#
#   axon_find_package(<option> <what> "<debian packages>" <find_package arguments...>)
#
# <option> is the part that needs it (AXON_BUILD_TESTS, ...) or "" for the library itself.
macro(axon_find_package option what debian package)
  find_package(${package} ${ARGN} QUIET)
  if(NOT ${package}_FOUND)
    if("${option}" STREQUAL "")
      message(FATAL_ERROR "axon needs ${what}: apt-get install ${debian}")
    else()
      message(FATAL_ERROR
              "${option} needs ${what}: apt-get install ${debian}, or -D${option}=OFF")
    endif()
  endif()
endmacro()
