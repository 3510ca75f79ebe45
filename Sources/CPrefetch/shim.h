#ifndef MEDALLION_CPREFETCH_H
#define MEDALLION_CPREFETCH_H

/* A hint to the CPU to start loading the cache line holding `address` (for reading),
   which Swift cannot say: probes of tables larger than the caches issue it for a block
   of values before they read any of them, so the misses overlap. Never faults. */
static inline void medallion_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
