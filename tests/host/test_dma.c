// SPDX-License-Identifier: MIT
/*
 * DOC: host test - the DMA layer (kernel/device.c, kernel/dma/, mm/dmapool.c)
 *
 * The unmodified DMA code over the page allocator booted on the machine
 * of dts/fixtures/dma-devices.dts: node 0 (cpu 0) 64 MiB just below
 * 4 GiB, node 1 (cpu 1) 64 MiB at 4 GiB, so that a 32-bit mask has a
 * node it cannot use. Each case boots in a child process of its own and
 * ends with every page back (exact free count) and no mapping left.
 *
 * Cache maintenance is the host's log (asm/cacheflush.h): the cases check
 * which 64-byte blocks were cleaned, invalidated or flushed for each
 * direction, against Linux 6.1 riscv's choice.
 */
#include "tests/host/dtbs.h"
#include "tests/host/mm_host.h"
#include "kernel/device.h"
#include "kernel/dma/coherent.h"
#include "kernel/dma/debug.h"
#include "kernel/dma/map_ops.h"
#include "kernel/dma/swiotlb.h"
#include "kernel/fdt/boot_plan.h"
#include "kernel/fdt/fdt.h"
#include "kernel/vfs.h"
#include "mm/dmapool.h"
#include "mm/memblock.h"
#include "mm/vmalloc.h"
#include <asm/cacheflush.h>
#include <asm/pgtable-bits.h>

#define NODE0 0xf8000000ULL
#define NODE1 0x100000000ULL
#define FIXTURE "dts/fixtures/dma-devices.dts"

static const struct mm_machine machine = {
	.nr_nodes = 2,
	.nr_cpus = 2,
	.cpu_node = { 0, 1 },
	.memory = { { NODE0, 64 * MIB, 0 }, { NODE1, 64 * MIB, 1 } },
	.nr_memory = 2,
	/* The fixture's pools, as the boot plan reserves them. */
	.reserved = { { 0xfa000000, 0x100000, 0 }, { 0xfb000000, 0x40000, 0 } },
	.nr_reserved = 2,
};

static void *blob;
static unsigned long boot_free, boot_tables;

const void *boot_dtb(void)
{
	return blob;
}

/* Returns the fixture's node at @path (the case fails if it is missing). */
static int node(const char *path)
{
	int offset = dt_path_offset(blob, path);

	CHECK(offset >= 0);
	return offset;
}

/* Returns the free pages with every cache shrunk and drained. */
static unsigned long settled_free(void)
{
	kmem_cache_shrink_all();
	drain_all_pages();
	return nr_free_pages();
}

/* Adds the fixture's /reserved-memory child @name at @base to @plan. */
static void plan_region(struct boot_plan *plan, const char *name, u64 base, u64 size)
{
	struct plan_reserved *r = &plan->reserved[plan->nr_reserved++];

	*r = (struct plan_reserved){ .base = base, .size = size, .source = RESERVED_NODE };
	snprintf(r->name, sizeof(r->name), "%s", name);
	snprintf(r->compatible, sizeof(r->compatible), "shared-dma-pool");
}

/*
 * Boots the machine with the pools named: "mapped", "default" and
 * "outside" (the last lies outside memory and must be refused).
 */
static void boot_with(bool mapped, bool dflt, bool outside)
{
	static struct boot_plan plan;

	mm_boot(&machine);
	slab_init();
	vmalloc_init();
	memset(&plan, 0, sizeof(plan));
	if (mapped)
		plan_region(&plan, "dma-pool@fa000000", 0xfa000000, 0x100000);
	if (dflt)
		plan_region(&plan, "dma-default@fb000000", 0xfb000000, 0x40000);
	if (outside)
		plan_region(&plan, "dma-outside@200000000", 0x200000000ULL, 0x100000);
	dma_init(blob, &plan, true);
	boot_free = settled_free();
	boot_tables = nr_pagetable_pages;
	host_cbo_log_reset();
}

static void boot(void)
{
	boot_with(false, false, false);
}

/*
 * Every page back (or a page table the vmalloc area keeps, as Linux
 * does) and no mapping left.
 */
static void all_back(void)
{
	vm_unmap_aliases();
	CHECK_EQ(settled_free() + (nr_pagetable_pages - boot_tables), boot_free);
	CHECK_EQ(debug_dma_mappings(NULL), 0);
}

static void configure(struct device *dev, const char *path)
{
	CHECK_EQ(of_dma_configure(dev, node(path), true), 0);
}

/* ------------------------------------------------------ device set-up --- */

/* numa-node-id, coherence and masks, read as Linux reads them. */
static void device_from_dt(void)
{
	struct device plain, far, nc, child, off, bad;

	boot();
	configure(&plain, "/soc/plain@10000000");
	CHECK(!strcmp(dev_name(&plain), "plain@10000000"));
	CHECK_EQ(dev_to_node(&plain), 0);
	CHECK(dev_is_dma_coherent(&plain));
	CHECK_EQ(*plain.dma_mask, DMA_BIT_MASK(32));
	CHECK_EQ(plain.coherent_dma_mask, DMA_BIT_MASK(32));
	CHECK_EQ(plain.bus_dma_limit, 0);

	configure(&far, "/far-bus/far@20000000");
	CHECK_EQ(dev_to_node(&far), 1);		/* the bus's numa-node-id */

	configure(&nc, "/nc-bus/noncoherent@30000000");
	CHECK(!dev_is_dma_coherent(&nc));
	configure(&child, "/nc-bus/coherent-child@30001000");
	CHECK(dev_is_dma_coherent(&child));	/* the nearest one wins */

	/* dma-ranges two buses up, through an empty one: 28 bits cover it. */
	configure(&off, "/outer-bus/offset-bus/offset@0");
	CHECK_EQ(off.dma_range_map[0].cpu_start, NODE0);
	CHECK_EQ(off.dma_range_map[0].dma_start, 0);
	CHECK_EQ(off.dma_range_map[0].size, 0x10000000);
	CHECK_EQ(off.bus_dma_limit, 0x0fffffff);
	CHECK_EQ(off.coherent_dma_mask, DMA_BIT_MASK(28));
	CHECK_EQ(phys_to_dma(&off, NODE0 + 0x1234), 0x1234);
	CHECK_EQ(dma_to_phys(&off, 0x1234), NODE0 + 0x1234);
	CHECK_EQ(phys_to_dma(&off, NODE0 - 1), DMA_MAPPING_ERROR);

	CHECK_EQ(of_dma_configure(&bad, node("/bad-bus/badranges@50000000"), true), -EINVAL);
	CHECK(bad.dma_mask == NULL);
	CHECK(log_contains("badranges@50000000: dma-ranges of 12 bytes"));
	all_back();
}

/* A mask below all memory is refused; one above it accepted. */
static void masks(void)
{
	struct device plain;

	boot();
	configure(&plain, "/soc/plain@10000000");
	CHECK_EQ(dma_set_mask_and_coherent(&plain, DMA_BIT_MASK(31)), -EIO);
	CHECK(log_contains("plain@10000000: DMA mask 0x7fffffff reaches no memory"));
	CHECK_EQ(*plain.dma_mask, DMA_BIT_MASK(32));
	CHECK_EQ(dma_set_coherent_mask(&plain, DMA_BIT_MASK(31)), -EIO);
	CHECK_EQ(dma_set_mask_and_coherent(&plain, DMA_BIT_MASK(64)), 0);
	CHECK_EQ(plain.coherent_dma_mask, DMA_BIT_MASK(64));
	all_back();
}

/* ------------------------------------------------------ coherent memory --- */

/*
 * The device's node while the mask allows, DMA32 (node 0) for a 32-bit
 * mask from node 1; zeroed; aligned to the order's size.
 */
static void coherent_placement(void)
{
	struct device far;
	dma_addr_t h32, h64, h16k;
	char *a32, *a64, *a16k;

	boot();
	configure(&far, "/far-bus/far@20000000");
	a32 = dma_alloc_coherent(&far, 100, &h32, GFP_KERNEL);
	CHECK(a32 && h32 < NODE1 && h32 >= NODE0);
	CHECK_EQ(virt_to_phys(a32), h32);
	CHECK_EQ(dma_set_mask_and_coherent(&far, DMA_BIT_MASK(64)), 0);
	a64 = dma_alloc_coherent(&far, PAGE_SIZE, &h64, GFP_KERNEL);
	CHECK(a64 && h64 >= NODE1);
	a16k = dma_alloc_coherent(&far, 3 * PAGE_SIZE, &h16k, GFP_KERNEL);
	CHECK(a16k && IS_ALIGNED(h16k, 4 * PAGE_SIZE));
	for (size_t i = 0; i < 4 * PAGE_SIZE; i++)
		if (a16k[i]) {
			CHECK_EQ(a16k[i], 0);
			break;
		}
	memset(a16k, 0x5a, 4 * PAGE_SIZE);
	dma_free_coherent(&far, 3 * PAGE_SIZE, a16k, h16k);
	dma_free_coherent(&far, PAGE_SIZE, a64, h64);
	dma_free_coherent(&far, 100, a32, h32);
	/* Reused, and zeroed again. */
	a16k = dma_alloc_coherent(&far, 4 * PAGE_SIZE, &h16k, GFP_KERNEL);
	CHECK(a16k && !a16k[0] && !a16k[4 * PAGE_SIZE - 1]);
	dma_free_coherent(&far, 4 * PAGE_SIZE, a16k, h16k);
	all_back();
}

/* Through a dma-ranges window: handles are bus addresses. */
static void coherent_through_window(void)
{
	struct device off;
	dma_addr_t handle;
	void *cpu;

	boot();
	configure(&off, "/outer-bus/offset-bus/offset@0");
	cpu = dma_alloc_coherent(&off, PAGE_SIZE, &handle, GFP_KERNEL);
	CHECK(cpu);
	CHECK_EQ(handle, virt_to_phys(cpu) - NODE0);
	CHECK(handle <= DMA_BIT_MASK(28));
	dma_free_coherent(&off, PAGE_SIZE, cpu, handle);
	all_back();
}

/* Wrong size, handle, address, device, twice: reported, nothing freed. */
static void coherent_misuse(void)
{
	struct device plain, far;
	dma_addr_t handle;
	void *cpu;

	boot();
	configure(&plain, "/soc/plain@10000000");
	configure(&far, "/far-bus/far@20000000");
	cpu = dma_alloc_coherent(&plain, 2 * PAGE_SIZE, &handle, GFP_KERNEL);
	CHECK(cpu);
	dma_free_coherent(&plain, PAGE_SIZE, cpu, handle);
	CHECK(log_contains("frees DMA memory with different size"));
	dma_free_coherent(&plain, 2 * PAGE_SIZE, cpu, handle + PAGE_SIZE);
	CHECK(log_contains("tries to free DMA memory it has not allocated"));
	dma_free_coherent(&plain, 2 * PAGE_SIZE, (char *)cpu + 64, handle);
	CHECK(log_contains("frees DMA memory with different CPU address"));
	dma_free_coherent(&far, 2 * PAGE_SIZE, cpu, handle);
	CHECK_EQ(((char *)cpu)[0], 0);		/* still ours: nothing freed */
	dma_free_coherent(&plain, 2 * PAGE_SIZE, cpu, handle);
	log_buf_clear();
	dma_free_coherent(&plain, 2 * PAGE_SIZE, cpu, handle);
	CHECK(log_contains("tries to free DMA memory it has not allocated"));
	CHECK(!dma_alloc_coherent(&plain, PAGE_SIZE << MAX_ORDER, &handle, GFP_KERNEL));
	CHECK(log_contains("dma_alloc_coherent of"));

	/* The fast paths (a mask covering all memory, one page) send mistakes on. */
	CHECK_EQ(dma_set_mask_and_coherent(&plain, DMA_BIT_MASK(64)), 0);
	cpu = dma_alloc_coherent(&plain, 100, &handle, GFP_KERNEL);
	CHECK(cpu && !((char *)cpu)[99]);
	log_buf_clear();
	dma_free_coherent(&plain, 200, cpu, handle);
	CHECK(log_contains("frees DMA memory with different size"));
	dma_free_coherent(&far, 100, cpu, handle);
	CHECK(log_contains("tries to free DMA memory it has not allocated"));
	dma_free_coherent(&plain, 100, cpu, handle);
	log_buf_clear();
	dma_free_coherent(&plain, 100, cpu, handle);
	CHECK(log_contains("tries to free DMA memory it has not allocated"));
	all_back();
}

/* A non-coherent device: the linear alias flushed; Svpbmt NC when there. */
static void coherent_noncoherent(void)
{
	const struct host_cbo_record *rec;
	struct pgtable kernel;
	struct device nc;
	dma_addr_t handle;
	void *cpu;
	pte_t *pte;

	boot();
	CHECK_EQ(riscv_cbom_block_size, 64);
	configure(&nc, "/nc-bus/noncoherent@30000000");
	cpu = dma_alloc_coherent(&nc, PAGE_SIZE, &handle, GFP_KERNEL);
	CHECK(cpu == phys_to_virt(handle));	/* no Svpbmt: cached, flushed */
	CHECK_EQ(host_cbo_log(&rec), PAGE_SIZE / 64);
	CHECK(rec[0].op == HOST_CBO_FLUSH && rec[0].addr == (unsigned long)cpu);
	dma_free_coherent(&nc, PAGE_SIZE, cpu, handle);

	has_svpbmt = true;
	cpu = dma_alloc_coherent(&nc, 2 * PAGE_SIZE, &handle, GFP_KERNEL);
	CHECK(cpu && is_vmalloc_addr(cpu));
	CHECK_EQ(arch_kernel_pgtable(&kernel), 0);
	pte = walk(&kernel, (unsigned long)cpu + PAGE_SIZE, false);
	CHECK(pte && (*pte & _PAGE_PBMT_MASK) == _PAGE_PBMT_NC);
	CHECK_EQ(pte_phys(*pte), handle + PAGE_SIZE);
	dma_free_coherent(&nc, 2 * PAGE_SIZE, phys_to_virt(handle), handle);
	CHECK(log_contains("frees DMA memory with different CPU address"));
	dma_free_coherent(&nc, 2 * PAGE_SIZE, cpu, handle);
	vm_unmap_aliases();
	has_svpbmt = false;
	all_back();
}

/* --------------------------------------------------------------- pools --- */

/* memory-region's pool, the default pool, and pools that cannot be. */
static void reserved_pools(void)
{
	struct device pooled, plain, outside, carveout;
	struct dma_pool_stats st;
	dma_addr_t h1, h2;
	char *a1, *a2;

	boot_with(true, true, true);
	CHECK(log_contains("dma-outside@200000000: 0x100000 bytes at 0x200000000 do not fit"));
	CHECK_EQ(dma_coherent_pool_stats(2, &st), -ENOENT);

	configure(&pooled, "/soc/pooled@10001000");
	CHECK(log_contains("pooled@10001000: assigned reserved memory node dma-pool@fa000000"));
	a1 = dma_alloc_coherent(&pooled, 5000, &h1, GFP_KERNEL);
	a2 = dma_alloc_coherent(&pooled, PAGE_SIZE, &h2, GFP_KERNEL);
	CHECK(a1 && a2);
	CHECK_EQ(h1, 0xfa000000);		/* 2 pages at the start */
	CHECK_EQ(h2, 0xfa002000);
	CHECK_EQ(virt_to_phys(a1), h1);
	CHECK(!a1[0] && !a1[4999]);
	CHECK_EQ(dma_coherent_pool_stats(0, &st), 0);
	CHECK(!strcmp(st.name, "dma-pool@fa000000"));
	CHECK_EQ(st.used, 3 * PAGE_SIZE);
	dma_free_coherent(&pooled, PAGE_SIZE, a1, h1);
	CHECK(log_contains("(pool dma-pool@fa000000)"));
	dma_free_coherent(&pooled, 5000, a1 + PAGE_SIZE, h1 + PAGE_SIZE);
	dma_free_coherent(&pooled, 5000, a1, h1);
	dma_free_coherent(&pooled, PAGE_SIZE, a2, h2);
	log_buf_clear();
	dma_free_coherent(&pooled, PAGE_SIZE, a2, h2);
	CHECK(log_contains("tries to free DMA memory it has not allocated"));
	CHECK_EQ(dma_coherent_pool_stats(0, &st), 0);
	CHECK_EQ(st.used, 0);
	/* A pool holds what it holds: 1 MiB and no more. */
	CHECK(!dma_alloc_coherent(&pooled, 2 * SZ_1M, &h1, GFP_KERNEL));
	CHECK(log_contains("has no room for 2097152 bytes"));

	configure(&plain, "/soc/plain@10000000");
	CHECK_EQ(dma_coherent_pool_stats(1, &st), 0);
	CHECK(st.dma_default);
	a1 = dma_alloc_coherent(&plain, PAGE_SIZE, &h1, GFP_KERNEL);
	CHECK_EQ(h1, 0xfb000000);
	dma_free_coherent(&plain, PAGE_SIZE, a1, h1);

	CHECK_EQ(of_dma_configure(&outside, node("/soc/outside@10002000"), true), -ENODEV);
	CHECK_EQ(of_dma_configure(&carveout, node("/soc/carveout-user@10003000"), true), -ENODEV);
	CHECK(log_contains("carveout-user@10003000: memory-region names no shared-dma-pool"));
	all_back();
}

/* ---------------------------------------------------------- streaming --- */

/* A coherent device: the buffer's own address, nothing cleaned. */
static void map_single_coherent(void)
{
	const struct host_cbo_record *rec;
	struct device plain;
	dma_addr_t handle;
	char *buf;

	boot();
	buf = kmalloc(512, GFP_KERNEL);
	configure(&plain, "/soc/plain@10000000");
	handle = dma_map_single(&plain, buf + 8, 100, DMA_TO_DEVICE);
	CHECK_EQ(dma_mapping_error(&plain, handle), 0);
	CHECK_EQ(handle, virt_to_phys(buf + 8));
	CHECK_EQ(debug_dma_mappings(&plain), 1);
	dma_sync_single_for_cpu(&plain, handle + 10, 20, DMA_TO_DEVICE);
	dma_sync_single_for_device(&plain, handle + 10, 20, DMA_TO_DEVICE);
	dma_unmap_single(&plain, handle, 100, DMA_TO_DEVICE);
	CHECK_EQ(host_cbo_log(&rec), 0);
	CHECK_EQ(dma_mapping_error(&plain, DMA_MAPPING_ERROR), -ENOMEM);
	kfree(buf);
	all_back();
}

/* Never mapped, twice, wrong size or direction, a sync outside it. */
static void map_misuse(void)
{
	struct device plain;
	dma_addr_t handle;
	char *buf;

	boot();
	buf = kmalloc(256, GFP_KERNEL);
	configure(&plain, "/soc/plain@10000000");
	dma_unmap_single(&plain, 0x12345000, 64, DMA_TO_DEVICE);
	CHECK(log_contains("device driver tries to free DMA memory it has not allocated [device address=0x0000000012345000] [size=64 bytes]"));
	handle = dma_map_single(&plain, buf, 256, DMA_FROM_DEVICE);
	dma_unmap_single(&plain, handle, 128, DMA_FROM_DEVICE);
	CHECK(log_contains("frees DMA memory with different size"));
	dma_unmap_single(&plain, handle, 256, DMA_TO_DEVICE);
	CHECK(log_contains("[mapped with DMA_FROM_DEVICE] [unmapped with DMA_TO_DEVICE]"));
	dma_sync_single_for_cpu(&plain, handle + 200, 100, DMA_FROM_DEVICE);
	CHECK(log_contains("tries to sync DMA memory it has not allocated"));
	CHECK_EQ(debug_dma_mappings(&plain), 1);
	dma_unmap_single(&plain, handle, 256, DMA_FROM_DEVICE);
	log_buf_clear();
	dma_unmap_single(&plain, handle, 256, DMA_FROM_DEVICE);
	CHECK(log_contains("tries to free DMA memory it has not allocated"));
	dma_unmap_single(&plain, DMA_MAPPING_ERROR, 256, DMA_FROM_DEVICE);
	CHECK(log_contains("tries to free an invalid DMA memory address"));
	CHECK_EQ(dma_map_single(&plain, (void *)VMALLOC_START, 64, DMA_TO_DEVICE),
		 DMA_MAPPING_ERROR);
	CHECK(log_contains("maps memory from vmalloc area"));
	kfree(buf);
	all_back();
}

/*
 * Checks that the log holds exactly one @op for every 64-byte block of
 * [@addr, +@size), in order.
 */
static void check_blocks(char op, const void *addr, size_t size)
{
	const struct host_cbo_record *rec;
	unsigned long first = (unsigned long)addr & ~63UL;
	unsigned long end = (unsigned long)addr + size;
	unsigned int n = host_cbo_log(&rec);

	CHECK_EQ(n, (end - first + 63) / 64);
	for (unsigned int i = 0; i < n; i++) {
		CHECK_EQ(rec[i].op, op);
		CHECK_EQ(rec[i].addr, first + 64 * i);
	}
	host_cbo_log_reset();
}

/* Linux 6.1 riscv per direction: map cleans (flushes bidirectional), unmap invalidates. */
static void map_noncoherent_cache_blocks(void)
{
	static const struct {
		enum dma_data_direction dir;
		char on_map, on_unmap;
	} rules[] = {
		{ DMA_TO_DEVICE, HOST_CBO_CLEAN, 0 },
		{ DMA_FROM_DEVICE, HOST_CBO_CLEAN, HOST_CBO_INVAL },
		{ DMA_BIDIRECTIONAL, HOST_CBO_FLUSH, HOST_CBO_INVAL },
	};
	const struct host_cbo_record *rec;
	struct device nc;
	char *buf;

	boot();
	buf = kmalloc(512, GFP_KERNEL);
	configure(&nc, "/nc-bus/noncoherent@30000000");
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++) {
		dma_addr_t handle = dma_map_single(&nc, buf + 100, 200, rules[i].dir);

		check_blocks(rules[i].on_map, buf + 100, 200);
		dma_sync_single_for_cpu(&nc, handle + 64, 10, rules[i].dir);
		if (rules[i].on_unmap)
			check_blocks(rules[i].on_unmap, buf + 164, 10);
		dma_sync_single_for_device(&nc, handle + 64, 10, rules[i].dir);
		check_blocks(rules[i].on_map, buf + 164, 10);
		dma_unmap_single(&nc, handle, 200, rules[i].dir);
		if (rules[i].on_unmap)
			check_blocks(rules[i].on_unmap, buf + 100, 200);
		CHECK_EQ(host_cbo_log(&rec), 0);
	}
	kfree(buf);
	all_back();
}

/* Every entry mapped; one that cannot be undoes the others. */
static void map_sg(void)
{
	struct scatterlist sg[3];
	struct device plain;
	struct page *far_page;
	char *buf;

	boot();
	far_page = alloc_pages_node(1, GFP_KERNEL, 0);
	buf = kmalloc(3000, GFP_KERNEL);
	configure(&plain, "/soc/plain@10000000");
	sg_init_table(sg, 3);
	sg_set_buf(&sg[0], buf, 1000);
	sg_set_buf(&sg[1], buf + 1000, 1000);
	sg_set_buf(&sg[2], buf + 2000, 1000);
	CHECK_EQ(dma_map_sg(&plain, sg, 3, DMA_TO_DEVICE), 3);
	CHECK_EQ(sg_dma_address(&sg[1]), virt_to_phys(buf + 1000));
	CHECK_EQ(sg_dma_len(&sg[2]), 1000);
	dma_sync_sg_for_cpu(&plain, sg, 3, DMA_TO_DEVICE);
	dma_sync_sg_for_device(&plain, sg, 3, DMA_TO_DEVICE);
	dma_unmap_sg(&plain, sg, 3, DMA_TO_DEVICE);

	/* Node 1 is above the 32-bit mask and there is no swiotlb. */
	sg_set_page(&sg[2], far_page, 100, 0);
	CHECK_EQ(dma_map_sg(&plain, sg, 3, DMA_TO_DEVICE), 0);
	CHECK(log_contains("overflow (mask ffffffff, bus limit 0): no bounce buffer"));
	CHECK_EQ(debug_dma_mappings(NULL), 0);
	__free_page(far_page);
	kfree(buf);
	all_back();
}

/* Returns the number in the file at @path. */
static unsigned long read_count(const char *path)
{
	char text[32];
	struct seq_buf m;

	seq_buf_init(&m, text, sizeof(text));
	CHECK_EQ(vfs_read(path, &m), 0);
	return strtoul(text, NULL, 10);
}

/*
 * Memory above the mask bounces through swiotlb: copied in at map,
 * out at unmap for DMA_FROM_DEVICE; counted; full is reported.
 */
static void swiotlb_bounces(void)
{
	struct device plain;
	struct page *far_page;
	dma_addr_t handle, many[8];
	char *far;

	boot();
	configure(&plain, "/soc/plain@10000000");
	CHECK_EQ(swiotlb_init_late(256 * 1024, GFP_KERNEL), 0);
	CHECK_EQ(swiotlb_register_files(), 0);
	CHECK_EQ(read_count("/sys/kernel/debug/swiotlb/io_tlb_nslabs"), 128);
	boot_free = settled_free();
	far_page = alloc_pages_node(1, GFP_KERNEL, 0);
	far = page_address(far_page);
	memset(far, 0x11, PAGE_SIZE);

	handle = dma_map_single(&plain, far + 3000, 1000, DMA_BIDIRECTIONAL);
	CHECK(handle < NODE1 && is_swiotlb_buffer(&plain, handle));
	/* Bytes 952..1951 of a slab: the offset in the slab is kept. */
	CHECK_EQ(handle & (IO_TLB_SIZE - 1), 3000 & (IO_TLB_SIZE - 1));
	CHECK_EQ(read_count("/sys/kernel/debug/swiotlb/io_tlb_used"), 1);
	CHECK_EQ(memcmp(phys_to_virt(handle), far + 3000, 1000), 0);
	memset(phys_to_virt(handle), 0x22, 1000);	/* the device writes */
	dma_sync_single_for_cpu(&plain, handle, 1000, DMA_BIDIRECTIONAL);
	CHECK_EQ(far[3000], 0x22);
	far[3001] = 0x33;
	dma_sync_single_for_device(&plain, handle, 1000, DMA_BIDIRECTIONAL);
	CHECK_EQ(((char *)phys_to_virt(handle))[1], 0x33);
	dma_unmap_single(&plain, handle, 1000, DMA_BIDIRECTIONAL);
	CHECK_EQ(read_count("/sys/kernel/debug/swiotlb/io_tlb_used"), 0);

	/* Page-sized mappings are page aligned, 2 slabs each. */
	for (int i = 0; i < 8; i++) {
		many[i] = dma_map_page(&plain, far_page, 0, PAGE_SIZE, DMA_TO_DEVICE);
		CHECK(IS_ALIGNED(many[i], PAGE_SIZE));
	}
	CHECK_EQ(read_count("/sys/kernel/debug/swiotlb/io_tlb_used"), 16);
	for (int i = 0; i < 8; i++)
		dma_unmap_page(&plain, many[i], PAGE_SIZE, DMA_TO_DEVICE);
	handle = dma_map_page(&plain, far_page, 0, 256 * 1024 + 1, DMA_TO_DEVICE);
	CHECK_EQ(handle, DMA_MAPPING_ERROR);
	CHECK(log_contains("swiotlb buffer is full (sz: 262145 bytes), total 128 (slots), used 0 (slots)"));
	CHECK_EQ(read_count("/sys/kernel/debug/swiotlb/io_tlb_used_hiwater"), 16);
	__free_page(far_page);
	all_back();
}

/* swiotlb= as Linux parses it. */
static void swiotlb_boot_argument(void)
{
	CHECK_EQ(swiotlb_setup("0x100", NULL), 0);
	CHECK_EQ(swiotlb_setup("1000,force", NULL), 0);
	CHECK_EQ(swiotlb_setup(",noforce", NULL), 0);
	CHECK_EQ(swiotlb_setup("lots", NULL), -EINVAL);
	CHECK(log_contains("cmdline: swiotlb=lots: expected <slabs>[,force|noforce]"));
	CHECK_EQ(swiotlb_setup("64,always", NULL), -EINVAL);
}

/* ------------------------------------------------------------ dma_pool --- */

/* Aligned blocks inside the boundary, handles matching, misuse refused. */
static void dma_pool_blocks(void)
{
	struct device plain;
	struct dma_pool *pool;
	void *block[200];
	dma_addr_t dma[200];

	boot();
	configure(&plain, "/soc/plain@10000000");
	CHECK(!dma_pool_create("bad", &plain, 64, 48, 0));
	CHECK(!dma_pool_create("bad", &plain, 128, 0, 64));
	pool = dma_pool_create("desc", &plain, 40, 64, 1024);
	CHECK(pool);
	for (int i = 0; i < 200; i++) {
		block[i] = dma_pool_zalloc(pool, GFP_KERNEL, &dma[i]);
		CHECK(block[i] && IS_ALIGNED(dma[i], 64));
		CHECK_EQ(virt_to_phys(block[i]), dma[i]);
		CHECK_EQ(dma[i] / 1024, (dma[i] + 63) / 1024);
		CHECK_EQ(((char *)block[i])[39], 0);
		for (int j = 0; j < i; j++)
			if (dma[j] == dma[i])
				CHECK(dma[j] != dma[i]);
	}
	dma_pool_free(pool, block[0], dma[1]);
	CHECK(log_contains("handle is not the block's; not freed"));
	dma_pool_free(pool, (char *)block[0] + 8, dma[0] + 8);
	CHECK(log_contains("not the start of a block"));
	dma_pool_destroy(pool);
	CHECK(log_contains("dma_pool_destroy desc, 200 blocks busy"));
	/* Its 4 buffers stay the device's, as the report says. */
	CHECK(settled_free() <= boot_free - 4);
	boot_free = settled_free();
	pool = dma_pool_create("desc", &plain, 40, 64, 1024);
	for (int i = 0; i < 200; i++)
		block[i] = dma_pool_alloc(pool, GFP_KERNEL, &dma[i]);
	for (int i = 0; i < 200; i++)
		dma_pool_free(pool, block[i], dma[i]);
	dma_pool_free(pool, block[5], dma[5]);
	CHECK(log_contains("block is free already"));
	dma_pool_destroy(pool);
	all_back();
}

int main(int argc, char **argv)
{
	char cmd[1024], path[512];
	size_t size;

	snprintf(path, sizeof(path), "%s.dtb", argv[0]);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -o %s %s", path, FIXTURE);
	ktap_plan(14);
	if (run_command(cmd) || !(blob = read_whole_file(path, &size)) ||
	    dt_check(blob, size, NULL)) {
		printf("# cannot build %s\n", FIXTURE);
		return 1;
	}
	RUN_FORKED(device_from_dt);
	RUN_FORKED(masks);
	RUN_FORKED(coherent_placement);
	RUN_FORKED(coherent_through_window);
	RUN_FORKED(coherent_misuse);
	RUN_FORKED(coherent_noncoherent);
	RUN_FORKED(reserved_pools);
	RUN_FORKED(map_single_coherent);
	RUN_FORKED(map_misuse);
	RUN_FORKED(map_noncoherent_cache_blocks);
	RUN_FORKED(map_sg);
	RUN_FORKED(swiotlb_bounces);
	RUN_FORKED(dma_pool_blocks);
	RUN(swiotlb_boot_argument);
	return ktap_done();
}
