/* SPDX-License-Identifier: MIT */
/*
 * asm/host_smp.h - harts as pthreads, for host tests of code that makes
 * cross-hart calls (kernel/smp.c, drain_all_pages, mm_init).
 *
 *	static const int nodes[] = { 0, 0, 1, 1 };
 *	host_smp_init(4, nodes);	// this thread is cpu 0, three more idle
 *	smp_call_function_single(2, fn, arg, true);	// fn runs on cpu 2
 *	host_smp_stop();		// joins them; cpu 0 stays
 *
 * Each extra hart's thread sits in the idle loop of a real hart: interrupts
 * off, serve the cross-hart calls queued for it, sleep until the next IPI.
 * Calls therefore run with interrupts off, as from an IPI handler. The
 * calling thread, cpu 0, runs with interrupts on and takes the calls sent to
 * it whenever it turns interrupts back on, spins in cpu_relax() or waits in
 * smp.c (asm/irqflags.h).
 */
#ifndef TERN_ASM_HOST_SMP_H
#define TERN_ASM_HOST_SMP_H

/**
 * host_smp_init() - make @nr_cpus harts, the caller cpu 0.
 * @nr_cpus: 1..NR_CPUS.
 * @node_of_cpu: each cpu's NUMA node (harts[cpu].node), or NULL for node 0.
 *
 * Fills harts[] (hartid = cpu number) and nr_cpu_ids, marks every hart
 * online and starts a thread for each of cpus 1..@nr_cpus-1.
 * Return: 0, -EINVAL for a bad count or node, -EBUSY if harts are running
 * (host_smp_stop() first), -ENOMEM if a thread cannot be created.
 */
int host_smp_init(unsigned int nr_cpus, const int node_of_cpu[]);

/**
 * host_smp_stop() - end the threads host_smp_init() started.
 * Call on cpu 0. Each hart finishes the calls already queued for it, then
 * its thread exits (a hart halted by smp_send_stop() exits as it is);
 * returns when all are joined. Afterwards the caller is the only hart:
 * cpu 0, online, nr_cpu_ids = 1.
 */
void host_smp_stop(void);

#endif
