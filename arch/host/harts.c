// SPDX-License-Identifier: MIT
/*
 * DOC: host harts - pthreads standing in for harts, IPIs as condition variables
 *
 * Each hart has a pending-IPI flag (the host's sip.SSIP) and a condition
 * variable its thread sleeps on in wait_for_interrupt() (the host's wfi).
 * arch_send_ipi() sets the flag under the hart's mutex and signals, so a
 * sleeper cannot miss it: it checks the flag under the same mutex before
 * sleeping. Like wfi, a pending IPI keeps wait_for_interrupt() from
 * sleeping until the hart clears it, which is what kernel/smp.c's
 * clear-then-check-then-wait loops rely on.
 *
 * The threads run kernel/smp.c's calls unmodified, so host tests (under
 * TSan too) exercise the same code as the real harts do.
 */
#include <pthread.h>
#include <string.h>

#include "kernel/errno.h"
#include "kernel/smp.h"
#include <asm/host_smp.h>
#include <asm/irqflags.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/smp.h>

struct host_hart {
	pthread_mutex_t lock;	/* orders a send against a sleeper's check */
	pthread_cond_t wake;	/* signalled by arch_send_ipi() */
	bool ipi;		/* pending IPI; atomic, set under lock */
	bool exit;		/* host_smp_stop(): leave once idle */
	bool running;		/* has a thread (cpus 1..) */
	pthread_t thread;
};

static struct host_hart host_harts[NR_CPUS];
__thread bool *host_ipi_pending;

/* Returns the calling thread's host_hart, or NULL if it plays no hart. */
static struct host_hart *this_host_hart(void)
{
	if (!host_ipi_pending)
		return NULL;
	return container_of(host_ipi_pending, struct host_hart, ipi);
}

void arch_send_ipi(unsigned int cpu)
{
	struct host_hart *hh = &host_harts[cpu];

	pthread_mutex_lock(&hh->lock);
	__atomic_store_n(&hh->ipi, true, __ATOMIC_SEQ_CST);
	pthread_cond_signal(&hh->wake);
	pthread_mutex_unlock(&hh->lock);
}

void arch_clear_ipi(void)
{
	if (!host_ipi_pending)
		return;
	/*
	 * No fence needed before the caller looks at its call ring: it takes
	 * the ring's lock, so a sender that queues after that look takes the
	 * lock after us and its IPI is ordered after this clear.
	 */
	__atomic_store_n(host_ipi_pending, false, __ATOMIC_SEQ_CST);
}

void host_take_interrupt(void)
{
	/* As the trap handler: interrupts stay off while calls run. */
	host_irqs_off = true;
	arch_clear_ipi();
	smp_handle_calls();
	host_irqs_off = false;
}

void host_wait_for_interrupt(void)
{
	struct host_hart *hh = this_host_hart();
	bool leave;

	if (!hh) {
		sched_yield();
		return;
	}
	pthread_mutex_lock(&hh->lock);
	while (!__atomic_load_n(&hh->ipi, __ATOMIC_SEQ_CST) &&
	       !__atomic_load_n(&hh->exit, __ATOMIC_ACQUIRE))
		pthread_cond_wait(&hh->wake, &hh->lock);
	/*
	 * Leave only with no IPI pending, so every call queued before
	 * host_smp_stop() has run; a halted hart (smp_send_stop) never
	 * clears its IPI and leaves as it is.
	 */
	leave = __atomic_load_n(&hh->exit, __ATOMIC_ACQUIRE) &&
		(!__atomic_load_n(&hh->ipi, __ATOMIC_SEQ_CST) ||
		 !READ_ONCE(this_hart()->online));
	pthread_mutex_unlock(&hh->lock);
	if (leave)
		pthread_exit(NULL);
	/* wfi with an IPI already pending returns at once: let others run. */
	sched_yield();
}

/* The thread of cpus 1..: the idle loop of a hart with nothing to do. */
static void *hart_thread(void *arg)
{
	struct hart *h = arg;

	arch_set_this_hart(h);
	host_ipi_pending = &host_harts[h->cpu].ipi;
	local_irq_disable();
	for (;;) {
		arch_clear_ipi();
		smp_handle_calls();
		wait_for_interrupt();
	}
	return NULL;
}

/* Gives every hart its mutex and condition variable, once per process. */
__attribute__((constructor)) static void host_harts_init(void)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		pthread_mutex_init(&host_harts[cpu].lock, NULL);
		pthread_cond_init(&host_harts[cpu].wake, NULL);
	}
}

int host_smp_init(unsigned int nr_cpus, const int node_of_cpu[])
{
	unsigned int cpu;

	if (nr_cpus < 1 || nr_cpus > NR_CPUS)
		return -EINVAL;
	for (cpu = 0; cpu < nr_cpus; cpu++)
		if (node_of_cpu && (node_of_cpu[cpu] < 0 ||
				    node_of_cpu[cpu] >= MAX_NUMNODES))
			return -EINVAL;
	for (cpu = 1; cpu < NR_CPUS; cpu++)
		if (host_harts[cpu].running)
			return -EBUSY;

	memset(harts, 0, sizeof(harts));
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		harts[cpu].cpu = cpu;
		harts[cpu].hartid = cpu;
		harts[cpu].node = node_of_cpu ? node_of_cpu[cpu] : 0;
		/* Online before it runs: calls queued early wait in its ring. */
		harts[cpu].online = true;
	}
	nr_cpu_ids = nr_cpus;
	__atomic_store_n(&host_harts[0].ipi, false, __ATOMIC_SEQ_CST);
	arch_set_this_hart(&harts[0]);
	host_ipi_pending = &host_harts[0].ipi;

	for (cpu = 1; cpu < nr_cpus; cpu++) {
		struct host_hart *hh = &host_harts[cpu];

		hh->ipi = false;
		hh->exit = false;
		if (pthread_create(&hh->thread, NULL, hart_thread, &harts[cpu])) {
			host_smp_stop();
			return -ENOMEM;
		}
		hh->running = true;
	}
	return 0;
}

void host_smp_stop(void)
{
	unsigned int cpu;

	for (cpu = 1; cpu < NR_CPUS; cpu++) {
		struct host_hart *hh = &host_harts[cpu];

		if (!hh->running)
			continue;
		pthread_mutex_lock(&hh->lock);
		__atomic_store_n(&hh->exit, true, __ATOMIC_RELEASE);
		pthread_cond_signal(&hh->wake);
		pthread_mutex_unlock(&hh->lock);
	}
	for (cpu = 1; cpu < NR_CPUS; cpu++) {
		struct host_hart *hh = &host_harts[cpu];

		if (!hh->running)
			continue;
		pthread_join(hh->thread, NULL);
		hh->running = false;
	}
	/* harts[0] keeps what the kernel set there (its page caches). */
	for (cpu = 1; cpu < NR_CPUS; cpu++)
		harts[cpu].online = false;
	nr_cpu_ids = 1;
}
