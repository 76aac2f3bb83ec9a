// SPDX-License-Identifier: MIT
/*
 * DOC: stack traces - the frame-pointer walk and the Call Trace
 *
 * The walk runs where things have already gone wrong (an oops, a panic),
 * so it must never fault itself: it reads a frame record only when the
 * frame pointer is 16-byte aligned (the psABI's stack alignment), lies
 * inside this hart's kernel stack with the whole record, and is above the
 * last frame walked (a stack grows down, so callers' frames are higher; a
 * loop or a corrupt chain cannot go on). It also stops at a return address
 * outside the kernel's text and after STACK_WALK_MAX_DEPTH frames. Nothing
 * but the stack's two words per frame is read, and kallsyms lookups read
 * only their table.
 *
 * The first frame of a trap is special, as in Linux: the trapped function
 * may be a leaf, which saved only its caller's fp (at fp - 8, where ra
 * would be) and keeps its return address in ra; or it may have no frame at
 * all (a __fast_path function, or a fault in a prologue), so that s0 is
 * still its caller's and ra the way back into the caller. The saved
 * registers tell which (unwind_trapped_frame()).
 */
#include <asm/page.h>
#include <asm/ptrace.h>
#include <asm/stacktrace.h>
#include "kernel/kallsyms.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/stacktrace.h"

extern char _start[], _etext[], handle_trap_entry[], boot_stack_top[];

struct unwind_state {
	unsigned long low, high;	/* this hart's stack */
	unsigned long floor;	/* the next frame record must be at or above */
	unsigned long fp;	/* the frame the pc below is in */
	unsigned long pc;
	bool is_return;
	unsigned long last_fp;	/* the frame unwound last, 0 if none */
	const struct pt_regs *regs;	/* set: pc and fp are a trap's */
};

static bool is_kernel_text(unsigned long addr)
{
	return addr >= (unsigned long)_start && addr < (unsigned long)_etext;
}

/*
 * Returns this hart's struct hart, or NULL if tp does not point at an
 * entry of harts[]: a trap early in boot, or with tp corrupt, must not
 * make the report dereference it.
 */
static struct hart *trusted_this_hart(void)
{
	uintptr_t h = (uintptr_t)this_hart(), first = (uintptr_t)harts;

	if (h < first || h >= (uintptr_t)(harts + NR_CPUS) ||
	    (h - first) % sizeof(struct hart))
		return NULL;
	return (struct hart *)h;
}

/*
 * Sets [*low, *high) to this hart's kernel stack; without a trusted tp or
 * a stack in it, the boot hart's stack in the image.
 */
static void this_stack(unsigned long *low, unsigned long *high)
{
	struct hart *h = trusted_this_hart();
	unsigned long top = (unsigned long)boot_stack_top;

	if (h && h->kernel_sp)
		top = h->kernel_sp;
	*high = top;
	*low = top - KERNEL_STACK_SIZE;
}

/* True if a frame record below @fp may be read: see the DOC above. */
static bool frame_ok(const struct unwind_state *s, unsigned long fp,
		     unsigned long floor)
{
	return IS_ALIGNED(fp, 16) && fp >= floor + sizeof(struct stackframe) &&
	       fp <= s->high;
}

/* True if @ra, a return address, is in the trap vector of entry.S. */
static bool returns_into_trap_entry(unsigned long ra)
{
	unsigned long offset;

	return kallsyms_lookup(ra - 1, NULL, &offset) &&
	       ra - 1 - offset == (unsigned long)handle_trap_entry;
}

/* True if @a and @b are in the same function (false if either is in none). */
static bool same_function(unsigned long a, unsigned long b)
{
	unsigned long off_a, off_b;

	return kallsyms_lookup(a, NULL, &off_a) &&
	       kallsyms_lookup(b, NULL, &off_b) && a - off_a == b - off_b;
}

/*
 * Moves @s from the trapped pc to its caller. Returns false to stop. The
 * record below s0 is either the trapped function's (ra at fp - 8 is a
 * return into its caller), or a leaf's (fp - 8 holds the caller's fp), or
 * its caller's, when the trapped function set up no frame: then ra, not
 * in that function and not what the record says, is the way back.
 */
static bool unwind_trapped_frame(struct unwind_state *s)
{
	const struct pt_regs *regs = s->regs;
	unsigned long ra = regs->x[1], fp = s->fp;
	const struct stackframe *frame;

	s->regs = NULL;
	if (!frame_ok(s, fp, s->floor))
		return false;
	frame = (const struct stackframe *)fp - 1;
	if (!is_kernel_text(frame->ra) && frame_ok(s, frame->ra, fp)) {
		s->fp = frame->ra;	/* a leaf */
		s->pc = ra;
	} else if (is_kernel_text(ra - 1) && frame->ra != ra &&
		   !same_function(s->pc, ra - 1)) {
		s->pc = ra;		/* no frame: fp is the caller's, unwalked */
		s->is_return = true;
		return true;
	} else {
		s->fp = frame->fp;
		s->pc = frame->ra;
	}
	s->is_return = true;
	s->floor = fp;
	s->last_fp = fp;
	return is_kernel_text(s->pc - 1);
}

/* Moves @s one frame out. Returns false to stop. */
static bool unwind_next(struct unwind_state *s)
{
	const struct stackframe *frame;
	unsigned long fp = s->fp;

	if (s->regs)
		return unwind_trapped_frame(s);
	/*
	 * A return into the trap vector: the frame just unwound was
	 * handle_trap()'s, whose fp is the sp entry.S called it with, which
	 * points at the pt_regs it saved. Go on from the trapped pc.
	 */
	if (s->is_return && s->last_fp && returns_into_trap_entry(s->pc)) {
		unsigned long r = s->last_fp;

		if (r + sizeof(struct pt_regs) > s->high)
			return false;
		s->regs = (const struct pt_regs *)r;
		s->pc = s->regs->x[0];
		s->fp = s->regs->x[8];
		s->is_return = false;
		s->floor = r + sizeof(struct pt_regs);
		return true;
	}
	if (!frame_ok(s, fp, s->floor))
		return false;
	frame = (const struct stackframe *)fp - 1;
	s->floor = fp;
	s->last_fp = fp;
	s->fp = frame->fp;
	s->pc = frame->ra;
	s->is_return = true;
	return is_kernel_text(s->pc - 1);
}

static unsigned long current_sp(void)
{
	unsigned long sp;

	__asm__ volatile("mv %0, sp" : "=r"(sp));
	return sp;
}

void walk_stackframe(const struct pt_regs *regs, unsigned long fp,
		     stack_walk_fn fn, void *arg)
{
	struct unwind_state s = { 0 };
	unsigned long sp = regs ? regs->x[2] : current_sp();

	this_stack(&s.low, &s.high);
	/* Frames live above sp; below it is dead stack, whatever it holds. */
	s.floor = sp >= s.low && sp <= s.high ? sp : s.low;
	if (regs) {
		s.regs = regs;
		s.pc = regs->x[0];
		s.fp = regs->x[8];
	} else {
		s.fp = fp;
		s.is_return = true;	/* not reported: the caller's own frame */
		if (!unwind_next(&s))
			return;
	}
	for (unsigned int depth = 0; depth < STACK_WALK_MAX_DEPTH; depth++)
		if (!fn(arg, s.pc, s.is_return) || !unwind_next(&s))
			return;
}

/* Prints one Call Trace line; a return address is named as %pB does. */
static bool print_frame(void *arg, unsigned long pc, bool is_return)
{
	if (is_return)
		pr_emerg("[<%016lx>] %pB\n", pc, (void *)pc);
	else
		print_ip_sym(KERN_EMERG, pc);
	return true;
}

/* The trace from @regs, or from the frame @fp (see walk_stackframe()). */
static void print_trace(const struct pt_regs *regs, unsigned long fp)
{
	pr_emerg("Call Trace:\n");
	walk_stackframe(regs, fp, print_frame, NULL);
}

__attribute__((noinline)) void show_stack(const struct pt_regs *regs)
{
	print_trace(regs, (unsigned long)__builtin_frame_address(0));
}

__attribute__((noinline)) void dump_stack(void)
{
	struct hart *h = trusted_this_hart();

	if (h)
		pr_emerg("CPU: %u hart %lu\n", h->cpu, h->hartid);
	print_trace(NULL, (unsigned long)__builtin_frame_address(0));
}

struct save_trace {
	unsigned long *store;
	unsigned int size, skip, nr;
};

static bool save_frame(void *arg, unsigned long pc, bool is_return)
{
	struct save_trace *t = arg;

	if (t->skip) {
		t->skip--;
		return true;
	}
	t->store[t->nr++] = pc;
	return t->nr < t->size;
}

__attribute__((noinline)) unsigned int
stack_trace_save(unsigned long *store, unsigned int size, unsigned int skipnr)
{
	struct save_trace t = { store, size, skipnr, 0 };

	if (size)
		walk_stackframe(NULL, (unsigned long)__builtin_frame_address(0),
				save_frame, &t);
	return t.nr;
}
