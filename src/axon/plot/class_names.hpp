// Class names for the image datasets axon reads, used to label prediction grids and confusion
// matrices.
#pragma once

#include <string>
#include <vector>

namespace axon::plot {

/// Fashion-MNIST's ten classes, label 0 first: T-shirt/top, Trouser, ..., Ankle boot.
const std::vector<std::string>& fashion_mnist_class_names();

}  // namespace axon::plot
