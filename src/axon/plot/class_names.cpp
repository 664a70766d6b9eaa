// Class names of Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017).
#include "axon/plot/class_names.hpp"

namespace axon::plot {

const std::vector<std::string>& fashion_mnist_class_names() {
  static const std::vector<std::string> names = {"T-shirt/top", "Trouser",   "Pullover", "Dress",
                                                 "Coat",        "Sandal",    "Shirt",    "Sneaker",
                                                 "Bag",         "Ankle boot"};
  return names;
}

}  // namespace axon::plot
