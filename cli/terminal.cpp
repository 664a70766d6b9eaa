// isatty on standard output.
#include "terminal.hpp"

#include <unistd.h>

#include <cstdio>

namespace axon::cli {

bool stdout_is_terminal() { return isatty(fileno(stdout)) != 0; }

}  // namespace axon::cli
