// Whether this CPU and operating system let the AVX512-BF16 kernel run. Compiled for any x86-64,
// unlike the kernel: it runs before anyone knows AVX-512 is there.
#include <cpuid.h>

#include "axon/tensor/detail/gemm_bf16_avx512.hpp"

namespace axon::detail {
namespace {

// CPUID: OSXSAVE, AVX-512 F, BW and VL (packing), AVX512-BF16 (VCVTNE2PS2BF16 and VDPBF16PS);
// XCR0 must show the OS saving the AVX-512 state.
std::string detect_avx512_bf16() {
  const std::string no_cpu =
      "this CPU has neither AMX-BF16 tiles nor AVX512-BF16 instructions (Intel Cooper Lake or "
      "Sapphire Rapids, AMD Zen 4 or later have them)";
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !((ecx >> 27) & 1)) return no_cpu;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return no_cpu;
  const bool avx512 = ((ebx >> 16) & 1) && ((ebx >> 30) & 1) && ((ebx >> 31) & 1);
  if (!__get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx)) return no_cpu;
  const bool avx512_bf16 = (eax >> 5) & 1;
  if (!(avx512 && avx512_bf16)) return no_cpu;
  unsigned xcr0_low = 0, xcr0_high = 0;
  __asm__("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
  if ((xcr0_low & 0xe6) != 0xe6)  // SSE, AVX and the three AVX-512 states
    return "the operating system does not save the AVX-512 state that AVX512-BF16 needs";
  return "";
}

}  // namespace

const std::string& avx512_bf16_unavailable_reason() {
  static const std::string reason = detect_avx512_bf16();
  return reason;
}

}  // namespace axon::detail
