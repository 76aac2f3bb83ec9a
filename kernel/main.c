// SPDX-License-Identifier: MIT
/*
 * DOC: start_kernel - the boot sequence, top to bottom
 *
 * head.S arrives here on the boot hart with paging on (the early table),
 * a0 = hartid and a1 = the DTB's physical address. Each step below needs
 * only the steps above it:
 *
 *   SBI console  -> printk works
 *   DT check     -> the blob is safe to read; a bad one panics, saying why
 *   boot plan    -> memory, reservations, harts, nodes, bootargs
 *   boot args    -> ktest, panic=, mmu=
 *   memblock     -> memory and reservations; early allocations work
 *   cpu numbers  -> this_hart() is the boot hart's real struct hart
 *   NUMA         -> nodes and distances
 *   paging_init  -> the final page table with the whole linear map
 *   UART console -> printk goes to the DT's stdout-path
 *   hugetlb boot -> the hugepages= parameters; gigantic pages from memblock
 *   other harts  -> started through SBI HSM, idle in wfi
 *   mm_init      -> memmap and zones, each node by its own harts; the
 *                   buddy and per-hart caches take over from memblock
 *   hugetlb      -> the pools filled from the buddy
 *   files        -> /proc and /sys
 *   virtio       -> every virtio,mmio slot probed; disks in /sys/block
 *   ktest or the console shell
 */
#define pr_fmt(fmt) fmt

#include <asm/mmu.h>
#include <asm/page.h>
#include <asm/sbi.h>
#include "arch/riscv/setup.h"
#include "drivers/console/console.h"
#include "drivers/virtio/virtio.h"
#include "kernel/bench.h"
#include "kernel/blk_commands.h"
#include "kernel/boot_args.h"
#include "kernel/dma/map_ops.h"
#include "kernel/dma/swiotlb.h"
#include "kernel/errno.h"
#include "kernel/fdt/boot_plan.h"
#include "kernel/fdt/fdt.h"
#include "kernel/ktest.h"
#include "kernel/mm_commands.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/reboot.h"
#include "kernel/setup.h"
#include "kernel/shell.h"
#include "kernel/smp.h"
#include "kernel/time.h"
#include "kernel/version.h"
#include "mm/hugetlb.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "mm/numa.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

extern char _start[], _end[];

static struct boot_plan plan;	/* too big for the boot stack */
static phys_addr_t dtb_phys;

const struct boot_plan *boot_plan_get(void)
{
	return &plan;
}

const void *boot_dtb(void)
{
	return early_dtb_va();
}

phys_addr_t boot_dtb_phys(void)
{
	return dtb_phys;
}

/*
 * Reserves the kernel image, the DTB and the DT's reservations, so that no
 * early allocation lands on them. Memory that does not hold the running
 * kernel is not this machine's: nothing the tree says can be used then.
 */
static void reserve_boot_memory(phys_addr_t dtb_pa, size_t dtb_size)
{
	if (memblock_reserve_kernel(kernel_pa_base,
				    (uintptr_t)_end - (uintptr_t)_start))
		panic("the device tree's memory does not contain the kernel image at %#lx",
		      kernel_pa_base);
	memblock_reserve(dtb_pa, dtb_size);
	memblock_init_reserved(&plan);
}

/* Logs the SBI versions, and whether the console is on the legacy calls. */
static void print_sbi_version(void)
{
	unsigned long spec = sbi_spec_version();

	pr_info("SBI specification v%lu.%lu, implementation %s v%lu.%lu%s\n",
		(spec >> 24) & 0x7f, spec & 0xffffff, sbi_impl_name(),
		sbi_impl_version() >> 16, sbi_impl_version() & 0xffff,
		sbi_has_dbcn() ? "" : " (no DBCN: legacy console calls)");
}

/*
 * Says how long the kernel took from the start of start_kernel() to the
 * console, as Linux's "Run /sbin/init as init process" closes its boot:
 * the one figure a change to the boot path should be judged by.
 */
static void print_boot_time(void)
{
	u64 ns = local_clock();

	pr_info("tern: boot took %llu.%06llu s to the console prompt\n",
		(unsigned long long)(ns / 1000000000ULL),
		(unsigned long long)(ns % 1000000000ULL / 1000));
}

/**
 * start_kernel() - boot the machine; head.S calls it on the boot hart.
 * @hartid: this hart's id (a0 from the firmware).
 * @dtb_pa: physical address of the DTB (a1 from the firmware).
 *
 * Never returns: runs ktest or the console shell, then powers off. A DT
 * that is unreadable or describes no usable machine panics, saying why.
 */
void __noreturn start_kernel(unsigned long hartid, phys_addr_t dtb_pa)
{
	const void *dtb = early_dtb_va();
	const char *why = NULL;
	unsigned int nodes;
	int err;

	/* First, so that printk's timestamps count from the kernel's start. */
	local_clock_start();
	/* Until the harts are numbered, harts[0] stands in for this one. */
	dtb_phys = dtb_pa;
	harts[0].hartid = hartid;
	arch_set_this_hart(&harts[0]);
	sbi_init();
	sbi_console_init();
	pr_info("tern %s (riscv64) booting on hart %lu\n", TERN_VERSION, hartid);
	print_sbi_version();

	if (dt_check(dtb, DTB_MAX_SIZE, &why))
		panic("device tree at %#llx is unusable: %s",
		      (unsigned long long)dtb_pa, why);
	err = boot_plan_from_dt(&plan, dtb);
	if (err)
		panic("device tree at %#llx describes no usable machine (error %d)",
		      (unsigned long long)dtb_pa, err);
	pr_info("Machine model: %s\n", plan.model);
	pr_info("Kernel command line: %s\n", plan.bootargs);
	boot_args_parse(plan.bootargs);
	if (plan.timebase_frequency)
		timebase_frequency = plan.timebase_frequency;
	else
		pr_warn("warning: no /cpus timebase-frequency; assuming %llu Hz\n",
			(unsigned long long)timebase_frequency);

	memblock_init_memory(&plan);
	reserve_boot_memory(dtb_pa, dt_total_size(dtb));
	smp_setup_cpus(&plan, hartid);
	nodes = numa_init(&plan);
	paging_init(&plan, boot_args.mmu_sv48);
	console_init(&plan, dtb);
	riscv_fill_hwcap();
	hugetlb_boot_setup();
	boot_plan_print(&plan);
	memblock_dump();
	smp_boot_secondaries(nodes);
	/* The bounce buffer comes from memblock, before the buddy owns memory. */
	swiotlb_init(memblock_end_of_DRAM() > DMA_BIT_MASK(32) + 1);
	mm_init();
	slab_init();
	vmalloc_init();
	hugetlb_init();
	if (boot_args.pcp_off)
		pcp_set_enabled(false);

	proc_init(&plan);
	mm_register_files();
	/* After proc_init(): cpuinfo_init() has decided has_svpbmt. */
	dma_init(dtb, &plan, all_harts_have_extension(dtb, "zicbom"));
	bench_init();
	mm_commands_init();
	virtio_mmio_init();
	blk_commands_init();
	if (boot_args.bench) {
		/* Before ktest, which powers off: "bench ktest" runs both. */
		bench_run(boot_args.bench_names, boot_args.bench_quick);
		if (!boot_args.ktest)
			machine_power_off_or_restart();
	}
	if (boot_args.ktest) {
		if (ktest_run(boot_args.ktest_suite[0] ? boot_args.ktest_suite : NULL) == -ENOENT)
			pr_err("ktest: no suite named '%s'\n", boot_args.ktest_suite);
		machine_power_off_or_restart();
	}
	print_boot_time();
	shell_run();
	machine_power_off();
}
