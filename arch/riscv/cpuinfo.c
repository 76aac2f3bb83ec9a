// SPDX-License-Identifier: MIT
/*
 * DOC: /proc/cpuinfo for RISC-V, in Linux 6.1's layout
 *
 * One block per online hart: processor, hart, isa (the DT's riscv,isa),
 * mmu (the mode the kernel runs, as Linux prints it), and the machine ids
 * each hart reported through SBI when it came up.
 *
 * It also decides the ISA extensions the kernel relies on across harts:
 * Svpbmt (has_svpbmt) and Svnapot (has_svnapot), which only help when
 * every hart has them, since every hart walks the same kernel page table.
 */
#include <asm/mmu.h>
#include <asm/pgtable-bits.h>
#include <asm/sbi.h>
#include "arch/riscv/setup.h"
#include "kernel/fdt/boot_plan.h"
#include "kernel/fdt/fdt.h"
#include "kernel/printk.h"
#include "kernel/setup.h"
#include "kernel/smp.h"
#include "kernel/vfs.h"
#include "lib/string.h"

struct hart_ids {
	unsigned long mvendorid, marchid, mimpid;
	const char *isa;
};

static struct hart_ids hart_ids[NR_CPUS];

bool has_svpbmt;
bool has_svnapot;

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/*
 * Returns true if the riscv,isa string @isa names the multi-letter
 * extension @ext (lower case): each follows the single letters after a
 * '_', in any case. The boot plan keeps only a truncated copy of the
 * string, and QEMU's is longer, so this reads the DT's.
 */
static bool isa_has_extension(const char *isa, const char *ext)
{
	for (const char *p = strchr(isa, '_'); p; p = strchr(p + 1, '_')) {
		size_t i = 0;

		while (ext[i] && lower(p[1 + i]) == ext[i])
			i++;
		if (!ext[i] && (p[1 + i] == '_' || p[1 + i] == '\0'))
			return true;
	}
	return false;
}

/* Returns true if the cpu node @node offers @ext, in either DT binding. */
static bool hart_has_extension(const void *blob, int node, const char *ext)
{
	const char *isa = dt_getprop_string(blob, node, "riscv,isa");

	return dt_stringlist_index(blob, node, "riscv,isa-extensions", ext) >= 0 ||
	       (isa && isa_has_extension(isa, ext));
}

bool all_harts_have_extension(const void *blob, const char *ext)
{
	unsigned int seen = 0;

	for (int node = dt_next_device_type(blob, -1, "cpu"); node >= 0;
	     node = dt_next_device_type(blob, node, "cpu")) {
		u64 hartid;

		if (dt_read_uint(blob, node, "reg", &hartid) ||
		    hartid_to_cpu(hartid) < 0)
			continue;	/* a hart the kernel does not run */
		if (!hart_has_extension(blob, node, ext))
			return false;
		seen++;
	}
	return seen > 0;
}

void cpuinfo_record_this_hart(void)
{
	struct hart_ids *ids = &hart_ids[smp_processor_id()];

	ids->mvendorid = sbi_ecall(SBI_EXT_BASE, 4, 0, 0, 0, 0).value;
	ids->marchid = sbi_ecall(SBI_EXT_BASE, 5, 0, 0, 0, 0).value;
	ids->mimpid = sbi_ecall(SBI_EXT_BASE, 6, 0, 0, 0, 0).value;
}

/* Prints one /proc/cpuinfo block per online hart; Returns 0. */
static int cpuinfo_show(struct seq_buf *m, void *data)
{
	const char *mmu = pgtable_levels == 4 ? "sv48" : "sv39";
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		const struct hart_ids *ids = &hart_ids[cpu];

		seq_printf(m, "processor\t: %u\n", cpu);
		seq_printf(m, "hart\t\t: %lu\n", harts[cpu].hartid);
		seq_printf(m, "isa\t\t: %s\n", ids->isa ? ids->isa : "");
		seq_printf(m, "mmu\t\t: %s\n", mmu);
		seq_printf(m, "mvendorid\t: 0x%lx\n", ids->mvendorid);
		seq_printf(m, "marchid\t\t: 0x%lx\n", ids->marchid);
		seq_printf(m, "mimpid\t\t: 0x%lx\n\n", ids->mimpid);
	}
	return 0;
}

static const struct vfs_file_ops cpuinfo_ops = { .show = cpuinfo_show };

int cpuinfo_init(const struct boot_plan *plan)
{
	for (unsigned int i = 0; i < plan->nr_harts; i++) {
		int cpu = hartid_to_cpu(plan->harts[i].hartid);

		if (cpu >= 0)
			hart_ids[cpu].isa = plan->harts[i].isa;
	}
	return vfs_register("/proc/cpuinfo", &cpuinfo_ops, NULL);
}

void riscv_fill_hwcap(void)
{
	has_svpbmt = all_harts_have_extension(boot_dtb(), "svpbmt");
	has_svnapot = all_harts_have_extension(boot_dtb(), "svnapot");
	pr_info("cpu: Svpbmt %s\n", has_svpbmt ?
		"on every hart: page-based memory types in use" :
		"not on every hart: memory types from the PMAs only");
	pr_info("cpu: Svnapot %s\n", has_svnapot ?
		"on every hart: 64 KiB huge pages" :
		"not on every hart: no 64 KiB huge pages");
}
