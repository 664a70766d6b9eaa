// Whether this CPU and operating system let the AMX kernel run. Compiled with AXON_AMX=ON but,
// unlike the kernel, for any x86-64: it runs before anyone knows AVX-512 is there.
#include <cpuid.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "axon/tensor/detail/gemm_bf16_amx.hpp"

namespace axon::detail {
namespace {

// CPUID: OSXSAVE, AVX-512 F, BW and VL (packing), AVX512-BF16 (the rounding), AMX-TILE and
// AMX-BF16; XCR0 must show the OS saving the AVX-512 state. Linux then hands out the 8 KiB of
// tile data only on request (arch_prctl ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA); without it the
// first tile instruction raises SIGILL. The permission covers every thread of the process.
std::string detect_amx_bf16() {
  const std::string no_cpu =
      "this CPU has no AMX-BF16 tiles with AVX-512 BF16 (Intel Sapphire Rapids or later has them)";
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !((ecx >> 27) & 1)) return no_cpu;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return no_cpu;
  const bool avx512 = ((ebx >> 16) & 1) && ((ebx >> 30) & 1) && ((ebx >> 31) & 1);
  const bool amx = ((edx >> 22) & 1) && ((edx >> 24) & 1);
  if (!__get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx)) return no_cpu;
  const bool avx512_bf16 = (eax >> 5) & 1;
  if (!(avx512 && amx && avx512_bf16)) return no_cpu;
  unsigned xcr0_low = 0, xcr0_high = 0;
  __asm__("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
  if ((xcr0_low & 0xe6) != 0xe6)  // SSE, AVX and the three AVX-512 states
    return "the operating system does not save the AVX-512 state that AMX-BF16 packing needs";
  constexpr long kArchReqXcompPerm = 0x1023, kXfeatureXtileData = 18;
  if (syscall(SYS_arch_prctl, kArchReqXcompPerm, kXfeatureXtileData) != 0)
    return "the operating system refused this process the AMX-BF16 tile state";
  return "";
}

}  // namespace

const std::string& amx_unavailable_reason() {
  static const std::string reason = detect_amx_bf16();
  return reason;
}

}  // namespace axon::detail
