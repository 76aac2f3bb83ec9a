// SPDX-License-Identifier: MIT
/*
 * DOC: fdt suite - the DT reader on the live blob, in the kernel
 *
 * The host tests compare the reader with libfdt on many blobs; these check
 * the same code, built for the target, on the blob this machine booted
 * with, and that a damaged copy of it is refused, not followed.
 */
#include <asm/page.h>
#include "kernel/fdt/boot_plan.h"
#include "kernel/fdt/fdt.h"
#include "kernel/ktest.h"
#include "kernel/setup.h"
#include "lib/string.h"
#include "mm/gfp.h"

static void live_blob_valid(struct ktest *t)
{
	const char *why = NULL;

	KTEST_EXPECT_EQ(t, dt_check(boot_dtb(), DTB_MAX_SIZE, &why), 0);
	KTEST_EXPECT(t, dt_total_size(boot_dtb()) <= DTB_MAX_SIZE);
	KTEST_EXPECT(t, dt_path_offset(boot_dtb(), "/cpus") > 0);
	KTEST_EXPECT(t, dt_path_offset(boot_dtb(), "/chosen") > 0);
}

static void plan_is_reproducible(struct ktest *t)
{
	static struct boot_plan again;	/* too big for a stack */
	const struct boot_plan *plan = boot_plan_get();

	KTEST_EXPECT_EQ(t, boot_plan_from_dt(&again, boot_dtb()), 0);
	KTEST_EXPECT_EQ(t, again.nr_memory, plan->nr_memory);
	KTEST_EXPECT_EQ(t, again.nr_harts, plan->nr_harts);
	KTEST_EXPECT_EQ(t, again.nr_nodes, plan->nr_nodes);
	KTEST_EXPECT(t, !memcmp(again.distance, plan->distance,
				sizeof(plan->distance)));
	KTEST_EXPECT(t, !strcmp(again.bootargs, plan->bootargs));
}

/* Copies the live blob into scratch memory; Returns it or NULL. */
static u8 *copy_blob(size_t *size)
{
	u8 *copy;

	*size = dt_total_size(boot_dtb());
	copy = alloc_pages_exact(*size, GFP_KERNEL);
	if (copy)
		memcpy(copy, boot_dtb(), *size);
	return copy;
}

static void damaged_copies_refused(struct ktest *t)
{
	const char *why = NULL;
	size_t size;
	u8 *copy = copy_blob(&size);

	if (!copy) {
		ktest_fail(t, __FILE__, __LINE__, "no scratch memory");
		return;
	}
	KTEST_EXPECT_EQ(t, dt_check(copy, size, &why), 0);
	KTEST_EXPECT(t, dt_check(copy, size - 1, &why) < 0);	/* truncated */
	KTEST_EXPECT(t, why && why[0]);
	copy[0] ^= 0xff;					/* magic */
	KTEST_EXPECT(t, dt_check(copy, size, &why) < 0);
	copy[0] ^= 0xff;
	/*
	 * A flipped byte in the strings block may still be a valid blob; this
	 * only checks that the reader refuses it or reads it without crashing.
	 */
	copy[size - 1] ^= 0xff;
	KTEST_EXPECT_EQ(t, dt_check(copy, size, &why) < 0 ||
			   dt_path_offset(copy, "/cpus") > 0, 1);
	free_pages_exact(copy, size);
}

static const struct ktest_case fdt_cases[] = {
	KTEST_CASE(live_blob_valid),
	KTEST_CASE(plan_is_reproducible),
	KTEST_CASE(damaged_copies_refused),
};
KTEST_SUITE(fdt_ktest_suite, "fdt", fdt_cases);
