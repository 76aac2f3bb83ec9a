/* SPDX-License-Identifier: MIT */
/*
 * asm/barrier.h - memory barriers, Linux's names and riscv's fences.
 *
 * DOC: barriers
 *
 * RISC-V orders memory (r, w) and device I/O (i, o) accesses separately,
 * so each barrier names what it orders, as Linux's riscv does:
 *
 * - mb(), rmb(), wmb(): memory and I/O, for ordering against a device's
 *   registers.
 * - dma_rmb(), dma_wmb(): memory only, for memory a device shares with
 *   the CPU (a virtqueue): the device sees or fills it in order.
 * - smp_mb(): memory only, full; between harts and coherent devices.
 */
#ifndef TERN_ASM_BARRIER_H
#define TERN_ASM_BARRIER_H

#define RISCV_FENCE(p, s) __asm__ volatile("fence " #p "," #s ::: "memory")

#define mb() RISCV_FENCE(iorw, iorw)
#define rmb() RISCV_FENCE(ir, ir)
#define wmb() RISCV_FENCE(ow, ow)

#define dma_rmb() RISCV_FENCE(r, r)
#define dma_wmb() RISCV_FENCE(w, w)

#define smp_mb() RISCV_FENCE(rw, rw)

#endif
