// SPDX-License-Identifier: MIT
/*
 * DOC: kallsyms suite - names for addresses, and the frame-pointer walk
 *
 * The lookups against functions of this file, whose addresses and sizes
 * the compiler knows too; the printed forms (%pS, %ps, %pB); then the walk:
 * from this hart's own stack it must find the callers by name, and from
 * made-up trap registers over made-up frames it must take the leaf, the
 * frameless and the trap-vector paths and stop, without faulting, at every
 * kind of bad frame pointer and at its depth limit. The crash boot of
 * tests/qemu/matrix checks the real oops report.
 */
#include <asm/ptrace.h>
#include <asm/stacktrace.h>
#include "kernel/kallsyms.h"
#include "kernel/ktest.h"
#include "kernel/stacktrace.h"
#include "lib/printf.h"
#include "lib/string.h"

extern char handle_trap_entry[];

static const unsigned long some_rodata[4] = { 1, 2, 3, 4 };
static unsigned long some_data;

/* A function to look up: noipa keeps it whole, named and out of line. */
static __attribute__((noipa)) unsigned long lookup_target(unsigned long x)
{
	return x * 3 + some_data;
}

/* A second one, for frames that must be told apart from the first. */
static __attribute__((noipa)) unsigned long other_target(unsigned long x)
{
	return x ^ some_data;
}

/* Returns the name of the function containing @addr, or "(none)". */
static const char *name_of(unsigned long addr)
{
	const char *name = kallsyms_lookup(addr, NULL, NULL);

	return name ? name : "(none)";
}

static void lookup_of_function_start(struct ktest *t)
{
	unsigned long size = 0, offset = 1;
	const char *name;

	name = kallsyms_lookup((unsigned long)lookup_target, &size, &offset);
	KTEST_EXPECT(t, name && strcmp(name, "lookup_target") == 0);
	KTEST_EXPECT_EQ(t, offset, 0);
	KTEST_EXPECT(t, size >= 4);
	name = kallsyms_lookup((unsigned long)kallsyms_lookup, NULL, &offset);
	KTEST_EXPECT(t, name && strcmp(name, "kallsyms_lookup") == 0);
	KTEST_EXPECT_EQ(t, offset, 0);
}

static void lookup_inside_function(struct ktest *t)
{
	unsigned long start = (unsigned long)lookup_target, size = 0, offset;
	const char *name;

	kallsyms_lookup(start, &size, NULL);
	name = kallsyms_lookup(start + size / 2, NULL, &offset);
	KTEST_EXPECT(t, name && strcmp(name, "lookup_target") == 0);
	KTEST_EXPECT_EQ(t, offset, size / 2);
	name = kallsyms_lookup(start + size - 1, NULL, &offset);
	KTEST_EXPECT(t, name && strcmp(name, "lookup_target") == 0);
	KTEST_EXPECT_EQ(t, offset, size - 1);
	/* One past the end is some other function, or padding. */
	KTEST_EXPECT(t, strcmp(name_of(start + size), "lookup_target") != 0);
}

static void lookup_outside_text(struct ktest *t)
{
	unsigned long on_stack = 0, size = 7, offset = 7;
	const unsigned long outside[] = {
		0, 0xffffffff7fffffffUL, (unsigned long)some_rodata,
		(unsigned long)&some_data, (unsigned long)&on_stack, ~0UL,
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(outside); i++) {
		KTEST_EXPECT(t, !kallsyms_lookup(outside[i], &size, &offset));
		KTEST_EXPECT_EQ(t, size, 7);	/* left alone */
		KTEST_EXPECT_EQ(t, offset, 7);
	}
}

static void printed_forms(struct ktest *t)
{
	unsigned long start = (unsigned long)lookup_target, size = 0;
	char buf[KSYM_SYMBOL_LEN], want[KSYM_SYMBOL_LEN];

	kallsyms_lookup(start, &size, NULL);
	snprintf(buf, sizeof(buf), "%pS", (void *)(start + 4));
	snprintf(want, sizeof(want), "lookup_target+0x4/0x%lx", size);
	KTEST_EXPECT(t, strcmp(buf, want) == 0);
	snprintf(buf, sizeof(buf), "%pS", (void *)start);
	snprintf(want, sizeof(want), "lookup_target+0x0/0x%lx", size);
	KTEST_EXPECT(t, strcmp(buf, want) == 0);
	snprintf(buf, sizeof(buf), "[%ps]", (void *)(start + 2));
	KTEST_EXPECT(t, strcmp(buf, "[lookup_target]") == 0);
	/* A return address just past the end still names the caller. */
	snprintf(buf, sizeof(buf), "%pB", (void *)(start + size));
	snprintf(want, sizeof(want), "lookup_target+0x%lx/0x%lx", size, size);
	KTEST_EXPECT(t, strcmp(buf, want) == 0);
	snprintf(buf, sizeof(buf), "%pS|%-8ps|", (void *)0x1234, (void *)0);
	KTEST_EXPECT(t, strcmp(buf, "0x1234|0x0     |") == 0);
}

/* The walk from here: inner <- outer <- the case, found by name. */
static __attribute__((noipa)) unsigned int walk_inner(unsigned long *store,
						      unsigned int size)
{
	unsigned int n = stack_trace_save(store, size, 0);

	__asm__ volatile("" ::: "memory");	/* no tail call: keep the frame */
	return n;
}

static __attribute__((noipa)) unsigned int walk_outer(unsigned long *store,
						      unsigned int size)
{
	unsigned int n = walk_inner(store, size);

	__asm__ volatile("" ::: "memory");
	return n;
}

static void walk_finds_callers(struct ktest *t)
{
	unsigned long entries[16];
	unsigned int n = walk_outer(entries, ARRAY_SIZE(entries));

	__asm__ volatile("" ::: "memory");
	KTEST_EXPECT(t, n > 3);	/* on past the case, into ktest_run */
	if (n < 3)
		return;
	/* Return addresses: each is looked up at its address - 1. */
	KTEST_EXPECT(t, strcmp(name_of(entries[0] - 1), "walk_inner") == 0);
	KTEST_EXPECT(t, strcmp(name_of(entries[1] - 1), "walk_outer") == 0);
	KTEST_EXPECT(t, strcmp(name_of(entries[2] - 1), "walk_finds_callers") == 0);
	/* skipnr leaves out the innermost entries. */
	KTEST_EXPECT_EQ(t, stack_trace_save(entries, 2, 1), 2);
}

struct walk_record {
	unsigned long pc[STACK_WALK_MAX_DEPTH + 1];
	unsigned int n;
};

static bool record_frame(void *arg, unsigned long pc, bool is_return)
{
	struct walk_record *r = arg;

	if (r->n < ARRAY_SIZE(r->pc))
		r->pc[r->n] = pc;
	r->n++;
	return true;
}

/* Walks from made-up trap registers; Returns the frames reported. */
static unsigned int walk_from(struct walk_record *r, unsigned long epc,
			      unsigned long ra, unsigned long s0)
{
	struct pt_regs regs = { 0 };

	regs.x[0] = epc;
	regs.x[1] = ra;
	regs.x[8] = s0;		/* sp stays 0: not in the stack, no floor */
	r->n = 0;
	walk_stackframe(&regs, 0, record_frame, r);
	return r->n;
}

/* A frame record with its frame pointer just above it, as GCC lays out. */
struct fake_frame {
	struct stackframe rec;
} __aligned(16);

#define FP(f) ((unsigned long)((f) + 1))

static void walk_stops_at_bad_frame_pointers(struct ktest *t)
{
	unsigned long epc = (unsigned long)lookup_target + 2;
	unsigned long ra = (unsigned long)other_target + 4;
	struct fake_frame f[2];
	struct walk_record r;

	/* NULL, misaligned, outside the stack: the trapped pc alone. */
	KTEST_EXPECT_EQ(t, walk_from(&r, epc, 0, 0), 1);
	KTEST_EXPECT_EQ(t, r.pc[0], epc);
	KTEST_EXPECT_EQ(t, walk_from(&r, epc, 0, FP(&f[0]) + 8), 1);
	KTEST_EXPECT_EQ(t, walk_from(&r, epc, 0, (unsigned long)&some_data + 16), 1);
	KTEST_EXPECT_EQ(t, walk_from(&r, epc, 0, (unsigned long)some_rodata + 16), 1);

	/* A record naming itself: one step, then the loop is refused. */
	f[0].rec = (struct stackframe){ .fp = FP(&f[0]), .ra = ra };
	KTEST_EXPECT_EQ(t, walk_from(&r, epc, 0, FP(&f[0])), 2);
	KTEST_EXPECT_EQ(t, r.pc[1], ra);

	/* A chain going down the stack is refused at the first step down. */
	f[1].rec = (struct stackframe){ .fp = FP(&f[0]), .ra = ra };
	f[0].rec = (struct stackframe){ .fp = 0, .ra = ra };
	KTEST_EXPECT_EQ(t, walk_from(&r, epc, 0, FP(&f[1])), 2);

	/* A return address outside the text ends the walk before it. */
	f[0].rec = (struct stackframe){ .fp = FP(&f[1]),
					.ra = (unsigned long)&some_data };
	KTEST_EXPECT_EQ(t, walk_from(&r, epc, 0, FP(&f[0])), 1);
}

static void walk_stops_at_depth_limit(struct ktest *t)
{
	struct fake_frame chain[STACK_WALK_MAX_DEPTH + 16];
	unsigned long ra = (unsigned long)other_target + 4;
	struct walk_record r;

	for (unsigned int i = 0; i < ARRAY_SIZE(chain); i++)
		chain[i].rec = (struct stackframe){
			.fp = i + 1 < ARRAY_SIZE(chain) ? FP(&chain[i + 1]) : 0,
			.ra = ra,
		};
	KTEST_EXPECT_EQ(t, walk_from(&r, (unsigned long)lookup_target, 0,
				     FP(&chain[0])), STACK_WALK_MAX_DEPTH);
}

static void walk_through_leaf_frameless_and_trap(struct ktest *t)
{
	unsigned long epc = (unsigned long)lookup_target + 2;
	unsigned long ra1 = (unsigned long)other_target + 4;
	unsigned long ra2 = (unsigned long)walk_inner + 4;
	struct fake_frame f[2];
	struct {
		struct stackframe handle_trap;	/* handle_trap()'s record */
		struct pt_regs regs;		/* what entry.S saved */
		struct stackframe trapped;	/* the trapped function's */
	} __aligned(16) trap;
	struct walk_record r;

	/* A leaf: fp - 8 holds the caller's fp, ra the way back. */
	f[0].rec = (struct stackframe){ .fp = 0x5a5a, .ra = FP(&f[1]) };
	f[1].rec = (struct stackframe){ .fp = 0, .ra = ra2 };
	KTEST_EXPECT_EQ(t, walk_from(&r, epc, ra1, FP(&f[0])), 3);
	KTEST_EXPECT_EQ(t, r.pc[1], ra1);
	KTEST_EXPECT_EQ(t, r.pc[2], ra2);

	/* No frame: s0 is the caller's, and ra (elsewhere) comes first. */
	KTEST_EXPECT_EQ(t, walk_from(&r, epc, ra1, FP(&f[1])), 3);
	KTEST_EXPECT_EQ(t, r.pc[1], ra1);
	KTEST_EXPECT_EQ(t, r.pc[2], ra2);

	/* A return into the trap vector crosses to the trapped pc. */
	memset(&trap, 0, sizeof(trap));
	trap.handle_trap.ra = (unsigned long)handle_trap_entry + 0x10;
	trap.regs.x[0] = epc;
	trap.regs.x[8] = (unsigned long)(&trap.trapped + 1);
	trap.trapped.ra = ra2;
	KTEST_EXPECT_EQ(t, walk_from(&r, ra1, 0, (unsigned long)&trap.regs), 4);
	KTEST_EXPECT_EQ(t, r.pc[1], (unsigned long)handle_trap_entry + 0x10);
	KTEST_EXPECT_EQ(t, r.pc[2], epc);
	KTEST_EXPECT_EQ(t, r.pc[3], ra2);
}

static const struct ktest_case kallsyms_cases[] = {
	KTEST_CASE(lookup_of_function_start),
	KTEST_CASE(lookup_inside_function),
	KTEST_CASE(lookup_outside_text),
	KTEST_CASE(printed_forms),
	KTEST_CASE(walk_finds_callers),
	KTEST_CASE(walk_stops_at_bad_frame_pointers),
	KTEST_CASE(walk_stops_at_depth_limit),
	KTEST_CASE(walk_through_leaf_frameless_and_trap),
};
KTEST_SUITE(kallsyms_ktest_suite, "kallsyms", kallsyms_cases);
