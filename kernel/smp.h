/* SPDX-License-Identifier: MIT */
/*
 * kernel/smp.h - harts, per-hart data and cross-hart calls.
 *
 * Terminology: a *hart* is a RISC-V hardware thread, named by its *hartid*
 * (any number the platform chose). tern gives every usable hart a dense
 * *cpu* number 0..nr_cpu_ids-1 in device-tree order, so cpu lists are the
 * same whichever hart the firmware picked to boot (see docs/boot.md). The
 * Linux names (smp_processor_id, cpu_to_node, cpumask) take cpu numbers.
 */
#ifndef TERN_KERNEL_SMP_H
#define TERN_KERNEL_SMP_H

#include "kernel/types.h"
#include <asm/percpu.h>

/**
 * struct hart - what each hart keeps for itself, reached through this_hart().
 * The first member is read by assembly (arch/riscv/head.S); keep it first.
 */
struct hart {
	unsigned long kernel_sp;	/* top of this hart's kernel stack */
	unsigned int cpu;		/* dense number, 0..nr_cpu_ids-1 */
	unsigned long hartid;		/* the platform's id */
	int node;			/* NUMA node of this hart */
	bool online;			/* took part in bring-up and serves calls */
	bool start_retried;		/* bring-up had to start it twice */
	u8 bringup_stage;		/* how far a starting hart got (smp.c) */
	/*
	 * Set by probe_kernel_{read,write}: the next exception on this hart is
	 * expected, recorded here and skipped instead of panicking.
	 */
	bool fault_expected;
	unsigned long fault_cause, fault_addr;

	/* mm/pcp.c: this hart's page caches, one per zone, by zone slot */
	struct per_cpu_pages *pagesets;
	/*
	 * The caches alloc_pages() serves from without a lock: [0] for
	 * requests that may use ZONE_NORMAL, [1] for __GFP_DMA32; pcp_empty
	 * sends every request down the full path (a policy is set, caches
	 * are off). Set from pcp_setup() on: there is no allocator before.
	 */
	struct per_cpu_pages *fast_pcp[2];
	struct mempolicy *mempolicy;	/* mm/numa.c; NULL: local */
	/*
	 * kernel/smp.c: time asleep with nothing to do, for /proc/uptime.
	 * Written by this hart only; idle_seq is odd while it writes.
	 */
	unsigned int idle_seq;
	u64 idle_ticks;		/* timebase ticks of the sleeps that ended */
	u64 idle_since;		/* read_time() when the current one began, 0 awake */
	/* mm/slab.c: this hart's magazines and remote-free buffers, by cache */
	struct {
		void *magazines;	/* biased by SLAB_CPU_BIAS */
		/*
		 * What kmalloc() and kmem_cache_alloc() pop without a lock:
		 * magazines, or while failslab is armed an array of empty
		 * ones, so that every allocation is asked about out of line.
		 */
		void *fast_magazines;
		void *remote;
		int mem_node;		/* numa_mem_id(): the magazines' node */
	} slab;
} ____cacheline_aligned;

extern struct hart harts[NR_CPUS];
extern unsigned int nr_cpu_ids;		/* usable harts found in the DT */

static inline struct hart *this_hart(void)
{
	return arch_this_hart();
}

static inline unsigned int smp_processor_id(void)
{
	return this_hart()->cpu;
}

/* Returns the cpu number of @hartid, or -1 if it is not a usable hart. */
int hartid_to_cpu(unsigned long hartid);

/* Returns the number of harts that are online. */
unsigned int num_online_cpus(void);

static inline bool cpu_online(unsigned int cpu)
{
	return cpu < nr_cpu_ids && READ_ONCE(harts[cpu].online);
}

#define for_each_online_cpu(cpu) \
	for ((cpu) = 0; (cpu) < nr_cpu_ids; (cpu)++) if (cpu_online(cpu))

typedef void (*smp_call_func_t)(void *info);

/**
 * smp_call_function_single() - run @func(@info) on @cpu.
 * Runs it directly when @cpu is the caller's. With @wait, returns after
 * @func has finished there.
 * Return: 0, or -EINVAL if @cpu is not online.
 */
int smp_call_function_single(unsigned int cpu, smp_call_func_t func,
			     void *info, bool wait);

/**
 * on_each_cpu() - run @func(@info) on every online hart, the caller too.
 * With @wait, returns after every hart has finished it. Without @wait it
 * may still block while a target's ring of 16 pending calls is full, so
 * @func must never wait for the caller.
 */
void on_each_cpu(smp_call_func_t func, void *info, bool wait);

/* Handles the cross-hart calls queued for this hart (called on an IPI). */
void smp_handle_calls(void);

/*
 * smp_send_stop() - make every other hart stop for good (panic, poweroff).
 * Harts stop at their next interrupt or idle wake-up; this waits up to a
 * second for them and does not fail if one never answers.
 */
void smp_send_stop(void);

/* Stops this hart for good: interrupts off, wfi forever. */
void halt_this_hart(void) __noreturn;

/*
 * cpu_idle_enter() and cpu_idle_exit() bracket a sleep (wfi) of a hart
 * that has nothing to do: the idle loop's, and the console's wait for
 * input. Not the naps of a lock waiter, which is busy as Linux counts it.
 */
void cpu_idle_enter(void);
void cpu_idle_exit(void);

/**
 * cpu_idle_time_ns() - how long @cpu has slept with nothing to do.
 * @cpu: an online cpu.
 *
 * Includes the sleep it is in now; safe against @cpu waking meanwhile.
 * Return: nanoseconds, summed over its idle sleeps since it came online.
 */
u64 cpu_idle_time_ns(unsigned int cpu);

#endif
