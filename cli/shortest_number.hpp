// Floats as people wrote them: 0.001f widened to double is 0.0010000000474974513; printed through
// its shortest decimal form it stays 0.001 in JSON and reports.
#pragma once

namespace axon::cli {

/// The double nearest the shortest decimal that reads back as `value` (0.001f gives 0.001).
double shortest_double(float value);

}  // namespace axon::cli
