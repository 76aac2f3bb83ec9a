// SPDX-License-Identifier: MIT
/*
 * DOC: trap handling
 *
 * Interrupts tern uses: the supervisor software interrupt (cross-hart
 * calls) and the supervisor timer (the console's idle tick). Any exception
 * is unexpected for now: it is reported with the cause, sepc, stval, the
 * hart and the registers that matter, and the kernel panics.
 */
#include <asm/csr.h>
#include <asm/probe.h>
#include <asm/ptrace.h>
#include <asm/sbi.h>
#include <asm/smp.h>
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "mm/vmalloc.h"
#include <asm/pgtable-bits.h>

static const char *const exception_names[] = {
	[EXC_INST_MISALIGNED] = "instruction address misaligned",
	[EXC_INST_ACCESS] = "instruction access fault",
	[EXC_ILLEGAL_INST] = "illegal instruction",
	[EXC_BREAKPOINT] = "breakpoint",
	[EXC_LOAD_MISALIGNED] = "load address misaligned",
	[EXC_LOAD_ACCESS] = "load access fault",
	[EXC_STORE_MISALIGNED] = "store/AMO address misaligned",
	[EXC_STORE_ACCESS] = "store/AMO access fault",
	[EXC_ECALL_U] = "environment call from U-mode",
	[EXC_ECALL_S] = "environment call from S-mode",
	[EXC_INST_PAGE_FAULT] = "instruction page fault",
	[EXC_LOAD_PAGE_FAULT] = "load page fault",
	[EXC_STORE_PAGE_FAULT] = "store/AMO page fault",
};

void arch_clear_ipi(void)
{
	csr_clear(sip, SIE_SSIE);
}

void arch_send_ipi(unsigned int cpu)
{
	sbi_send_ipi(harts[cpu].hartid);
}

/*
 * Returns true if this hart's probe expected the exception: the cause and
 * address are noted and sepc steps over the faulting instruction (2 bytes
 * if compressed, else 4) so the probe sees the fault as a result.
 */
static bool take_expected_fault(struct pt_regs *regs)
{
	struct hart *h = this_hart();
	u16 first_half;

	if (!h || !h->fault_expected)
		return false;
	h->fault_expected = false;
	h->fault_cause = regs->scause;
	h->fault_addr = regs->stval;
	first_half = *(const u16 *)regs->x[0];
	regs->x[0] += (first_half & 3) == 3 ? 4 : 2;
	return true;
}

/*
 * Ends a probe: Returns the cause of the fault the access took (> 0), or 0
 * if it went through, and disarms the expectation either way.
 */
static long probe_outcome(struct hart *h)
{
	if (!h->fault_expected)
		return h->fault_cause;
	h->fault_expected = false;
	return 0;
}

long probe_kernel_read(const void *addr, unsigned long *val)
{
	struct hart *h = this_hart();
	unsigned long v;
	long cause;

	h->fault_expected = true;
	__asm__ volatile("ld %0, 0(%1)" : "=r"(v) : "r"(addr) : "memory");
	cause = probe_outcome(h);
	if (!cause)
		*val = v;
	return cause;
}

long probe_kernel_write(void *addr, unsigned long val)
{
	struct hart *h = this_hart();

	h->fault_expected = true;
	__asm__ volatile("sd %0, 0(%1)" ::"r"(val), "r"(addr) : "memory");
	return probe_outcome(h);
}

/*
 * Logs an exception nobody expected (cause, sepc, stval, hart, registers)
 * and panics: the kernel has no way to recover from one yet.
 */
static void __noreturn report_exception(struct pt_regs *regs)
{
	unsigned long cause = regs->scause;
	const char *name = cause < ARRAY_SIZE(exception_names) &&
			   exception_names[cause] ? exception_names[cause]
						  : "reserved";
	struct hart *h = this_hart();

	pr_emerg("Unhandled exception: %s (scause %lu) on hart %lu (cpu %u)\n",
		 name, cause, h->hartid, h->cpu);
	pr_emerg(" sepc: %016lx stval: %016lx sstatus: %016lx\n", regs->x[0],
		 regs->stval, regs->sstatus);
	pr_emerg(" ra  : %016lx sp   : %016lx tp     : %016lx\n", regs->x[1],
		 regs->x[2], regs->x[4]);
	for (unsigned int r = 5; r < 32; r += 3)
		pr_emerg(" x%-2u: %016lx x%-2u : %016lx x%-2u   : %016lx\n", r,
			 regs->x[r], r + 1, regs->x[r + 1], r + 2,
			 regs->x[r + 2]);
	panic("Fatal exception");
}

/**
 * handle_trap() - deal with one trap; called by entry.S with the frame saved.
 * @regs: the saved frame; entry.S restores it (sepc included) on return.
 *
 * A fault a probe expected returns past the faulting instruction; any other
 * exception panics. An IPI runs the queued cross-hart calls; the one-shot
 * timer is disarmed; any other interrupt is logged and masked in sie so it
 * cannot fire again and again.
 */
void handle_trap(struct pt_regs *regs)
{
	unsigned long cause = regs->scause;

	if (!(cause & CAUSE_IRQ_FLAG)) {
		/*
		 * A stale TLB entry of a new vmalloc mapping is retried; a
		 * guard page says so first, whether a probe expected it or not.
		 */
		if ((cause == EXC_LOAD_PAGE_FAULT || cause == EXC_STORE_PAGE_FAULT ||
		     cause == EXC_INST_PAGE_FAULT) &&
		    vmalloc_fault(regs->stval, cause == EXC_LOAD_PAGE_FAULT ? _PAGE_READ :
				  cause == EXC_STORE_PAGE_FAULT ? _PAGE_WRITE : _PAGE_EXEC))
			return;
		if (take_expected_fault(regs))
			return;
		report_exception(regs);
	}

	switch (cause & ~CAUSE_IRQ_FLAG) {
	case IRQ_S_SOFT:
		arch_clear_ipi();
		smp_handle_calls();
		break;
	case IRQ_S_TIMER:
		/* One-shot: whoever armed it has been woken; disarm. */
		sbi_set_timer(~0ULL);
		break;
	default:
		pr_warn("warning: unexpected interrupt %lu on cpu %u, masked\n",
			cause & ~CAUSE_IRQ_FLAG, smp_processor_id());
		csr_clear(sie, 1UL << (cause & ~CAUSE_IRQ_FLAG));
		break;
	}
}
