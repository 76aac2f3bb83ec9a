// SPDX-License-Identifier: MIT
/*
 * DOC: /proc/cpuinfo for RISC-V, in Linux 6.1's layout
 *
 * One block per online hart: processor, hart, isa (the DT's riscv,isa),
 * mmu (the mode the kernel runs, as Linux prints it), and the machine ids
 * each hart reported through SBI when it came up.
 */
#include <asm/mmu.h>
#include <asm/sbi.h>
#include "arch/riscv/setup.h"
#include "kernel/fdt/boot_plan.h"
#include "kernel/smp.h"
#include "kernel/vfs.h"
#include "lib/string.h"

struct hart_ids {
	unsigned long mvendorid, marchid, mimpid;
	const char *isa;
};

static struct hart_ids hart_ids[NR_CPUS];

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
