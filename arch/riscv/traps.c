// SPDX-License-Identifier: MIT
/*
 * DOC: trap handling
 *
 * Interrupts tern uses: the supervisor software interrupt (cross-hart
 * calls) and the supervisor timer (the console's idle tick). Any exception
 * is unexpected for now: it is reported as Linux's riscv oops is (the
 * cause and hart, the function of sepc and of ra, every register, the
 * Call Trace) and the kernel panics.
 */
#include <asm/csr.h>
#include <asm/probe.h>
#include <asm/ptrace.h>
#include <asm/sbi.h>
#include <asm/smp.h>
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/stacktrace.h"
#include "mm/debug_pagealloc.h"
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
 * Linux's __show_regs() for riscv: the functions of sepc and ra, then every
 * register by its ABI name, three to a line, then the trap CSRs.
 */
static void show_regs(const struct pt_regs *regs)
{
	const unsigned long *x = regs->x;

	pr_emerg("epc : %pS\n", (void *)x[0]);
	pr_emerg(" ra : %pS\n", (void *)x[1]);
	pr_emerg("epc : %016lx ra : %016lx sp : %016lx\n", x[0], x[1], x[2]);
	pr_emerg(" gp : %016lx tp : %016lx t0 : %016lx\n", x[3], x[4], x[5]);
	pr_emerg(" t1 : %016lx t2 : %016lx s0 : %016lx\n", x[6], x[7], x[8]);
	pr_emerg(" s1 : %016lx a0 : %016lx a1 : %016lx\n", x[9], x[10], x[11]);
	pr_emerg(" a2 : %016lx a3 : %016lx a4 : %016lx\n", x[12], x[13], x[14]);
	pr_emerg(" a5 : %016lx a6 : %016lx a7 : %016lx\n", x[15], x[16], x[17]);
	pr_emerg(" s2 : %016lx s3 : %016lx s4 : %016lx\n", x[18], x[19], x[20]);
	pr_emerg(" s5 : %016lx s6 : %016lx s7 : %016lx\n", x[21], x[22], x[23]);
	pr_emerg(" s8 : %016lx s9 : %016lx s10: %016lx\n", x[24], x[25], x[26]);
	pr_emerg(" s11: %016lx t3 : %016lx t4 : %016lx\n", x[27], x[28], x[29]);
	pr_emerg(" t5 : %016lx t6 : %016lx\n", x[30], x[31]);
	pr_emerg("status: %016lx badaddr: %016lx cause: %016lx\n",
		 regs->sstatus, regs->stval, regs->scause);
}

/*
 * Logs an exception nobody expected (cause, hart, registers, the Call
 * Trace from the trapped pc) and panics: the kernel has no way to recover
 * from one yet. The trace is printed here, from the trap's registers, so
 * panic() is told not to print its own from this handler's frame.
 */
static void __noreturn report_exception(struct pt_regs *regs)
{
	unsigned long cause = regs->scause;
	const char *name = cause < ARRAY_SIZE(exception_names) &&
			   exception_names[cause] ? exception_names[cause]
						  : "reserved";
	struct hart *h = this_hart();

	oops_in_progress = 1;
	pr_emerg("Unhandled exception: %s (scause %lu) on hart %lu (cpu %u)\n",
		 name, cause, h->hartid, h->cpu);
	show_regs(regs);
	show_stack(regs);
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
		bool page_fault = cause == EXC_LOAD_PAGE_FAULT ||
				  cause == EXC_STORE_PAGE_FAULT || cause == EXC_INST_PAGE_FAULT;

		if (page_fault &&
		    vmalloc_fault(regs->stval, cause == EXC_LOAD_PAGE_FAULT ? _PAGE_READ :
				  cause == EXC_STORE_PAGE_FAULT ? _PAGE_WRITE : _PAGE_EXEC))
			return;
		/* Likewise a free page's report under debug_pagealloc. */
		if (page_fault && debug_pagealloc_fault(regs->stval, cause == EXC_INST_PAGE_FAULT))
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
