/* SPDX-License-Identifier: MIT */
/*
 * asm/barrier.h (host) - riscv's barriers as C11 fences, for the portable
 * code that shares memory with a device (drivers/virtio/virtio_ring.c):
 * the host tests play the device from another place in the same program.
 */
#ifndef TERN_ASM_BARRIER_H
#define TERN_ASM_BARRIER_H

#define mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define wmb() __atomic_thread_fence(__ATOMIC_RELEASE)

#define dma_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define dma_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)

#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)

#endif
