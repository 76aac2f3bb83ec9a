// SPDX-License-Identifier: MIT
/*
 * DOC: virtio disk benchmark (issue 10)
 *
 *   blk.seqread
 *	sequential read throughput of the first disk: its first 64 MiB (all
 *	of it if smaller; 2 MiB with bench.quick) read through blk_stream()
 *	in 128 KiB requests, with 1, 2, 4, 8, 16 and 32 of them in flight,
 *	each depth read five times and the fastest kept (the first pass also warms
 *	the host's page cache for the rest). One line a depth: MiB/s, and
 *	the ratio to depth 1 in the same boot, since under MTTCG the
 *	absolute figure is host time (docs/perf.md). The data is only read,
 *	not checked: the virtio_blk suite checks it.
 */
#include "drivers/block/blkdev.h"
#include "kernel/bench.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/time.h"

#define SEQREAD_BYTES (64ULL << 20)
#define SEQREAD_QUICK_BYTES (2ULL << 20)
#define SEQREAD_PASSES 5

static int discard_chunk(void *arg, sector_t sector, void *buf, unsigned int nr_sectors)
{
	return 0;
}

/* Returns the ns of the fastest of SEQREAD_PASSES reads, or 0 on error. */
static u64 time_read(struct gendisk *disk, u64 sectors, unsigned int depth)
{
	u64 best = 0;

	for (int pass = 0; pass < SEQREAD_PASSES; pass++) {
		u64 t0 = ktime_get_ns(), ns;
		int err = blk_stream(disk, REQ_OP_READ, 0, sectors, depth, discard_chunk, NULL);

		ns = ktime_get_ns() - t0;
		if (err) {
			pr_err("bench blk.seqread: %s: read failed: error %d\n",
			       disk->disk_name, err);
			return 0;
		}
		if (!best || ns < best)
			best = ns;
	}
	return best;
}

static int seqread_run(bool quick)
{
	static const unsigned int depths[] = { 1, 2, 4, 8, 16, 32 };
	struct gendisk *disk = blk_disk_at(0);
	u64 bytes = quick ? SEQREAD_QUICK_BYTES : SEQREAD_BYTES, depth1_ns = 0;

	if (!disk) {
		pr_err("bench blk.seqread: no disk attached (DISK=)\n");
		return -ENODEV;
	}
	if (bytes > disk->capacity * SECTOR_SIZE)
		bytes = disk->capacity * SECTOR_SIZE;
	for (unsigned int i = 0; i < ARRAY_SIZE(depths); i++) {
		u64 ns = time_read(disk, bytes / SECTOR_SIZE, depths[i]);
		char rate[24], ratio[24];

		if (!ns)
			return -EIO;
		if (i == 0)
			depth1_ns = ns;
		bench_print("blk.seqread", 1, " disk=%s request_kib=%u depth=%u mib=%llu mib_per_s=%s vs_depth1=%s ns=%llu",
			    disk->disk_name, BLK_STREAM_CHUNK_SECTORS * SECTOR_SIZE / 1024,
			    depths[i],
			    (unsigned long long)(bytes >> 20),
			    bench_div(rate, sizeof(rate), (bytes * 1000000000ULL) >> 20, ns),
			    bench_div(ratio, sizeof(ratio), depth1_ns, ns),
			    (unsigned long long)ns);
	}
	return 0;
}

BENCH(blk_seqread_bench, "blk.seqread", seqread_run);
