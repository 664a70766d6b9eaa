// Whether standard output is a terminal (the progress bar is drawn only there).
#pragma once

namespace axon::cli {

bool stdout_is_terminal();

}  // namespace axon::cli
