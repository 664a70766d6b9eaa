# Looks for Debian's ONNX library (libonnx-dev: its protobuf classes, checker and shape inference)
# and sets AXON_ONNX_FOUND; ONNX export and import (the axon_onnx library) are built by default
# when it is found.
find_package(Protobuf QUIET)  # ONNX's package config names protobuf::libprotobuf without finding it
if(Protobuf_FOUND)
  find_package(ONNX CONFIG QUIET)
endif()
if(Protobuf_FOUND AND ONNX_FOUND AND TARGET onnx AND TARGET onnx_proto)
  set(AXON_ONNX_FOUND ON)
else()
  set(AXON_ONNX_FOUND OFF)
endif()
set(AXON_ONNX_PACKAGES "libonnx-dev libprotobuf-dev")
