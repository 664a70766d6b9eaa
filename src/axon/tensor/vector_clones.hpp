// AXON_VECTOR_CLONES: marks a hot element-wise loop to be compiled for AVX-512, AVX2 and baseline
// x86-64, the best one picked when the library loads (GCC/Clang function multi-versioning), so
// the portable default build still runs its optimizer and activation loops on the widest vectors.
#pragma once

#if defined(__x86_64__) && defined(__GNUC__) && defined(__ELF__)
#define AXON_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define AXON_VECTOR_CLONES
#endif
