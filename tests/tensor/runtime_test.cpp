// Runtime settings: the flush-to-zero scope flushes denormals and restores the thread's mode.
#include "axon/tensor/runtime.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace axon {
namespace {

// volatile keeps the compiler from folding the product at compile time.
float tiny_product() {
  volatile float tiny = std::numeric_limits<float>::min();  // smallest normal
  volatile float half = 0.5f;
  return tiny * half;  // a denormal unless flushed
}

#if defined(__x86_64__) || defined(__i386__)
TEST(RuntimeTest, FlushToZeroScopeFlushesAndRestores) {
  const float before = tiny_product();
  {
    const FlushToZeroScope scope;
    EXPECT_EQ(tiny_product(), 0.0f);
  }
  EXPECT_EQ(tiny_product(), before);
}
#endif

}  // namespace
}  // namespace axon
