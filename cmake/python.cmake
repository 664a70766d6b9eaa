# Looks for what the Python module needs (pybind11 and NumPy for Debian's /usr/bin/python3, the
# interpreter its python3-* packages serve) and sets AXON_PYTHON_FOUND; the module is built by
# default when they are found. Pass -DPython3_EXECUTABLE=... to build for another interpreter.
if(NOT DEFINED Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
  set(Python3_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "The Python interpreter axon is built for")
endif()
find_package(Python3 COMPONENTS Interpreter Development.Module NumPy QUIET)
if(Python3_FOUND AND Python3_NumPy_FOUND)
  find_package(pybind11 2.6 CONFIG QUIET)
endif()
if(Python3_Development.Module_FOUND AND Python3_NumPy_FOUND AND pybind11_FOUND)
  set(AXON_PYTHON_FOUND ON)
else()
  set(AXON_PYTHON_FOUND OFF)
endif()
set(AXON_PYTHON_PACKAGES "pybind11-dev python3-pybind11 python3-dev python3-numpy python3-pytest")
