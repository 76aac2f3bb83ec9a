// SPDX-License-Identifier: MIT
/*
 * DOC: hart bring-up
 *
 * Every hart the boot plan calls usable gets a cpu number in DT order
 * (see kernel/smp.h for why not boot-hart-first), a 16 KiB stack from its
 * own node's memory, and is started through SBI HSM at secondary_entry
 * with its struct hart as the opaque argument. A started hart turns on
 * its interrupts, says it is online and goes idle: wfi until a cross-hart
 * call arrives.
 */
#define pr_fmt(fmt) "smp: " fmt

#include <asm/csr.h>
#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/sbi.h>
#include <asm/smp.h>
#include <asm/tlbflush.h>
#include "arch/riscv/setup.h"
#include "kernel/boot_args.h"
#include "kernel/fdt/boot_plan.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/shell.h"
#include "kernel/smp.h"
#include "kernel/time.h"
#include "mm/memblock.h"

/* Generous: under QEMU a starved vCPU thread can take seconds to run. */
#define HART_START_TIMEOUT_NS 5000000000ULL

extern char _start[], secondary_entry[], boot_stack_top[];

static void enable_hart_interrupts(void)
{
	csr_write(sie, SIE_SSIE | SIE_STIE);
}

/*
 * The loop every hart without work sits in: asleep until an IPI. The
 * sleep is booked as idle time (/proc/uptime); the calls it wakes for
 * are not.
 */
void __noreturn cpu_idle_loop(void)
{
	local_irq_disable();
	for (;;) {
		arch_clear_ipi();
		smp_handle_calls();
		cpu_idle_enter();
		wait_for_interrupt();
		cpu_idle_exit();
	}
}

/*
 * Sleeps in wfi until @ticks of the timebase have passed or another
 * interrupt is pending; call with interrupts masked, and disarm the timer
 * (sbi_set_timer(~0ULL)) when done sleeping.
 */
static void nap(u64 ticks)
{
	sbi_set_timer(read_time() + ticks);
	wait_for_interrupt();
}

/* A pending IPI ends the nap early; it is served once interrupts are on. */
void arch_spin_nap(void)
{
	unsigned long flags = arch_local_irq_save();

	nap(timebase_frequency / 100000);
	sbi_set_timer(~0ULL);
	arch_local_irq_restore(flags);
}

/*
 * The console hart's wait for input: the UART is polled, so sleep until a
 * 10 ms timer tick (or an IPI, whose calls are served before returning).
 * Interrupts stay masked: wfi still wakes for a pending interrupt, and no
 * wake-up can slip in between arming the timer and sleeping. A hart
 * waiting for a key has nothing to do: its naps are idle time, as Linux
 * counts a shell blocked in read().
 */
void shell_idle(void)
{
	unsigned long flags = arch_local_irq_save();

	cpu_idle_enter();
	nap(timebase_frequency / 100);
	cpu_idle_exit();
	sbi_set_timer(~0ULL);
	arch_clear_ipi();
	smp_handle_calls();
	arch_local_irq_restore(flags);
}

/*
 * How far a starting hart got, for the report when one never comes
 * online (a rare failure on QEMU: docs/boot.md, "Harts and cpu numbers").
 */
enum bringup_stage {
	BRINGUP_NOT_IN_C,	/* never reached secondary_start_kernel() */
	BRINGUP_IN_C,		/* paging, stack and tp work */
	BRINGUP_FIRMWARE_IDS,	/* its SBI calls returned */
};

static const char *const bringup_stage_names[] = {
	[BRINGUP_NOT_IN_C] = "never reached C",
	[BRINGUP_IN_C] = "in C, before its SBI calls returned",
	[BRINGUP_FIRMWARE_IDS] = "SBI calls done, before going online",
};

void __noreturn secondary_start_kernel(void)
{
	WRITE_ONCE(this_hart()->bringup_stage, BRINGUP_IN_C);
	cpuinfo_record_this_hart();
	WRITE_ONCE(this_hart()->bringup_stage, BRINGUP_FIRMWARE_IDS);
	enable_hart_interrupts();
	__atomic_store_n(&this_hart()->online, true, __ATOMIC_RELEASE);
	cpu_idle_loop();
}

/**
 * smp_setup_cpus() - number the usable harts and adopt the boot hart.
 * @plan: the boot plan.
 * @boot_hartid: the hart running this code.
 *
 * The boot hart is used even if the DT says it is unusable (it evidently
 * runs S-mode with paging), with a warning; but only once: a second cpu
 * node with its hartid (the plan's "duplicate hartid") stays out, or the
 * kernel would try to start the running hart as another cpu.
 */
void smp_setup_cpus(struct boot_plan *plan, unsigned long boot_hartid)
{
	int boot_cpu;

	nr_cpu_ids = 0;
	for (unsigned int i = 0; i < plan->nr_harts; i++) {
		struct plan_hart *h = &plan->harts[i];

		if (!h->usable && h->hartid == boot_hartid &&
		    hartid_to_cpu(boot_hartid) < 0) {
			pr_warn("warning: boot hart %lu is marked unusable (%s) but runs the kernel; using it\n",
				h->hartid, h->skip_reason);
			h->usable = true;
		}
		if (!h->usable)
			continue;
		if (nr_cpu_ids == NR_CPUS) {
			pr_warn("warning: hart %lu ignored: more than %d harts\n",
				h->hartid, NR_CPUS);
			continue;
		}
		harts[nr_cpu_ids] = (struct hart){
			.cpu = nr_cpu_ids,
			.hartid = h->hartid,
			.node = h->node == NUMA_NO_NODE ? 0 : h->node,
		};
		nr_cpu_ids++;
	}
	boot_cpu = hartid_to_cpu(boot_hartid);
	if (boot_cpu < 0)
		panic("boot hart %lu is not in the device tree's /cpus", boot_hartid);

	harts[boot_cpu].kernel_sp = (unsigned long)boot_stack_top;
	harts[boot_cpu].online = true;
	arch_set_this_hart(&harts[boot_cpu]);
	cpuinfo_record_this_hart();
	enable_hart_interrupts();
}

/*
 * The harts handed to SBI HSM, read by head.S with the MMU off: a starting
 * hart finds its struct hart here by hartid, since the argument HSM passes
 * it cannot be trusted (late_entry in head.S says why). Written by the boot
 * hart only, each pair before the count that publishes it.
 */
struct started_hart {
	unsigned long hartid;
	struct hart *hart;
};
struct started_hart started_harts[NR_CPUS];
unsigned long nr_started_harts;
/* Harts that came in through head.S's late_entry (atomic add there). */
unsigned int late_entries;
/* Harts started a second time by restart_if_stopped(). */
static unsigned int restarts;

/*
 * Asks SBI HSM to start @h at secondary_entry, or where the firmware's race
 * would send it with "smp.start_at_image_entry"; Returns the SBI error.
 */
static long hsm_start(struct hart *h)
{
	bool as_the_race = boot_args.smp_start_at_image_entry;

	/* The new hart reads harts[], its stack and the page tables. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return sbi_hart_start(h->hartid,
			      virt_to_phys(as_the_race ? _start : secondary_entry),
			      as_the_race ? 0 : (unsigned long)h);
}

/* Lists @h in started_harts, where head.S looks for it. */
static void publish_started_hart(struct hart *h)
{
	unsigned long n = nr_started_harts;

	started_harts[n] = (struct started_hart){ .hartid = h->hartid, .hart = h };
	__atomic_store_n(&nr_started_harts, n + 1, __ATOMIC_RELEASE);
}

static void start_hart(struct hart *h)
{
	char *stack = memblock_alloc_node(KERNEL_STACK_SIZE, PAGE_SIZE, h->node);
	long err;

	if (!stack) {
		pr_err("error: no memory for hart %lu's stack; not started\n",
		       h->hartid);
		return;
	}
	h->kernel_sp = (unsigned long)stack + KERNEL_STACK_SIZE;
	publish_started_hart(h);
	err = hsm_start(h);
	if (err)
		pr_err("error: SBI HSM could not start hart %lu (SBI error %ld)\n",
		       h->hartid, err);
}

/*
 * Starts again, once, a hart that HSM still reports stopped a second after
 * its start succeeded: seen on QEMU with OpenSBI 1.1 when a start lands
 * while the firmware's own warm boot of that hart is still under way.
 */
static void restart_if_stopped(struct hart *h)
{
	if (h->start_retried || sbi_hart_get_status(h->hartid) != SBI_HSM_STOPPED)
		return;
	h->start_retried = true;
	restarts++;
	pr_warn("warning: hart %lu still stopped 1 s after its start; starting it again\n",
		h->hartid);
	hsm_start(h);
}

/*
 * Waits until every started hart is online or the deadline passes;
 * reports the ones that did not make it.
 */
static void wait_for_harts(void)
{
	u64 retry_at = ktime_get_ns() + 1000000000ULL;
	u64 deadline = ktime_get_ns() + HART_START_TIMEOUT_NS;
	unsigned long flags = arch_local_irq_save();

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		/*
		 * Sleep between looks: on QEMU the harts being started share
		 * the host's cores with this one, and spinning would starve them.
		 */
		while (!cpu_online(cpu) && ktime_get_ns() < deadline) {
			nap(timebase_frequency / 1000);
			if (ktime_get_ns() > retry_at)
				restart_if_stopped(&harts[cpu]);
		}
		if (!cpu_online(cpu))
			pr_err("error: hart %lu (cpu %u) did not come online (HSM status %ld%s; %s)\n",
			       harts[cpu].hartid, cpu, sbi_hart_get_status(harts[cpu].hartid),
			       harts[cpu].start_retried ? ", started twice" : "",
			       bringup_stage_names[READ_ONCE(harts[cpu].bringup_stage)]);
	}
	sbi_set_timer(~0ULL);
	arch_local_irq_restore(flags);
}

/**
 * smp_boot_secondaries() - start every other usable hart and wait for it.
 * @nr_nodes: online nodes, for the summary line.
 *
 * All harts are started at once and get five seconds between them to come
 * online; late ones are reported and left out. Without SBI HSM the other
 * harts cannot be started: they stay offline, keeping their cpu numbers.
 * Last, the TLB shootdown path is picked and logged (tlbflush_init).
 */
void smp_boot_secondaries(unsigned int nr_nodes)
{
	unsigned int self = smp_processor_id();

	if (!sbi_has_hsm()) {
		if (nr_cpu_ids > 1)
			pr_warn("warning: firmware has no SBI HSM; the other harts stay offline\n");
	} else {
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
			if (cpu != self)
				start_hart(&harts[cpu]);
		wait_for_harts();
	}
	pr_info("Brought up %u node%s, %u CPU%s\n", nr_nodes,
		nr_nodes == 1 ? "" : "s", num_online_cpus(),
		num_online_cpus() == 1 ? "" : "s");
	/* Printed so that neither path can hide a recurrence. */
	if (READ_ONCE(late_entries))
		pr_info("%u hart%s entered at the image entry, not secondary_entry (the firmware's hart-start race, docs/boot.md), and came up from there\n",
			READ_ONCE(late_entries), READ_ONCE(late_entries) == 1 ? "" : "s");
	if (restarts)
		pr_warn("warning: %u hart%s restarted (still stopped 1 s after its start)\n",
			restarts, restarts == 1 ? "" : "s");
	tlbflush_init();
}
