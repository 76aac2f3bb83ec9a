// SPDX-License-Identifier: MIT
/*
 * DOC: disks, their requests and their statistics
 *
 * The registry of disks (add_disk()), the checks every request passes
 * before its driver sees it, the accounting of /sys/block/<disk>/stat and
 * /proc/diskstats (Linux's part_stat_show() and diskstats_show() layouts
 * and units: sectors of 512 bytes, times in ms), and the blocking helpers built on submit and poll: one request
 * (blk_execute_rq()), a flush, and a range streamed through several
 * requests in flight (blk_stream()).
 */
#define pr_fmt(fmt) "blk: " fmt

#include "drivers/block/blkdev.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/vfs.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/page.h"
#include "mm/slab.h"
#include <asm/processor.h>

#define NSEC_PER_MSEC 1000000ULL

static struct gendisk *disks[MAX_DISKS];
static unsigned int nr_disks;
static DEFINE_SPINLOCK(disks_lock);

struct gendisk *blk_disk_at(unsigned int index)
{
	return index < READ_ONCE(nr_disks) ? disks[index] : NULL;
}

struct gendisk *blk_find_disk(const char *name)
{
	struct gendisk *disk;

	for (unsigned int i = 0; (disk = blk_disk_at(i)); i++)
		if (!strcmp(disk->disk_name, name))
			return disk;
	return NULL;
}

static int size_show(struct seq_buf *m, void *data)
{
	struct gendisk *disk = data;

	seq_printf(m, "%llu\n", (unsigned long long)disk->capacity);
	return 0;
}

static int ro_show(struct seq_buf *m, void *data)
{
	struct gendisk *disk = data;

	seq_printf(m, "%d\n", disk->read_only);
	return 0;
}

/* Adds the time since the last change of in_flight to io_ticks. */
static void update_io_ticks(struct disk_stats *st, u64 now)
{
	if (st->in_flight)
		st->io_ns += now - st->stamp_ns;
	st->stamp_ns = now;
}

/*
 * Fills @f with @disk's 17 statistics in Linux's order
 * (Documentation/block/stat.rst), times in ms cut to 32 bits as Linux
 * prints them; tern merges nothing, so the merge fields are 0.
 */
static void disk_stat_fields(struct gendisk *disk, u64 f[NR_DISK_STAT_FIELDS])
{
	struct disk_stats st;
	unsigned long flags;
	u64 queue_ns = 0;

	spin_lock_irqsave(&disk->lock, flags);
	update_io_ticks(&disk->stats, ktime_get_ns());
	st = disk->stats;
	spin_unlock_irqrestore(&disk->lock, flags);
	for (int g = 0; g < NR_STAT_GROUPS; g++)
		queue_ns += st.nsecs[g];
	f[0] = st.ios[STAT_READ];
	f[1] = 0;
	f[2] = st.sectors[STAT_READ];
	f[3] = (u32)(st.nsecs[STAT_READ] / NSEC_PER_MSEC);
	f[4] = st.ios[STAT_WRITE];
	f[5] = 0;
	f[6] = st.sectors[STAT_WRITE];
	f[7] = (u32)(st.nsecs[STAT_WRITE] / NSEC_PER_MSEC);
	f[8] = st.in_flight;
	f[9] = (u32)(st.io_ns / NSEC_PER_MSEC);
	f[10] = (u32)(queue_ns / NSEC_PER_MSEC);
	f[11] = st.ios[STAT_DISCARD];
	f[12] = 0;
	f[13] = st.sectors[STAT_DISCARD];
	f[14] = (u32)(st.nsecs[STAT_DISCARD] / NSEC_PER_MSEC);
	f[15] = st.ios[STAT_FLUSH];
	f[16] = (u32)(st.nsecs[STAT_FLUSH] / NSEC_PER_MSEC);
}

/* /sys/block/<disk>/stat: Linux's part_stat_show(), "%8lu" a field. */
static int stat_show(struct seq_buf *m, void *data)
{
	u64 f[NR_DISK_STAT_FIELDS];

	disk_stat_fields(data, f);
	for (int i = 0; i < NR_DISK_STAT_FIELDS; i++)
		seq_printf(m, "%8lu%c", f[i], i + 1 < NR_DISK_STAT_FIELDS ? ' ' : '\n');
	return 0;
}

/* /proc/diskstats: Linux's diskstats_show(), a line a disk. */
static int diskstats_show(struct seq_buf *m, void *data)
{
	struct gendisk *disk;
	u64 f[NR_DISK_STAT_FIELDS];

	for (unsigned int i = 0; (disk = blk_disk_at(i)); i++) {
		disk_stat_fields(disk, f);
		seq_printf(m, "%4d %7d %s", disk->major, disk->first_minor, disk->disk_name);
		for (int k = 0; k < NR_DISK_STAT_FIELDS; k++)
			seq_printf(m, " %lu", f[k]);
		seq_putc(m, '\n');
	}
	return 0;
}

static const struct vfs_file_ops size_ops = { .show = size_show };
static const struct vfs_file_ops ro_ops = { .show = ro_show };
static const struct vfs_file_ops stat_ops = { .show = stat_show };
static const struct vfs_file_ops diskstats_ops = { .show = diskstats_show };

/* Registers /sys/block/<disk>/@name; Returns vfs_register()'s result. */
static int register_file(struct gendisk *disk, const char *name,
			 const struct vfs_file_ops *ops)
{
	char path[VFS_PATH_MAX];

	scnprintf(path, sizeof(path), "/sys/block/%s/%s", disk->disk_name, name);
	return vfs_register(path, ops, disk);
}

int add_disk(struct gendisk *disk)
{
	int err = 0;

	disk->lock = (spinlock_t)SPINLOCK_INIT;
	spin_lock(&disks_lock);
	if (blk_find_disk(disk->disk_name))
		err = -EEXIST;
	else if (nr_disks == MAX_DISKS)
		err = -ENOSPC;
	else
		disks[nr_disks] = disk;
	/* Published after the slot, for blk_disk_at() without the lock. */
	if (!err)
		WRITE_ONCE(nr_disks, nr_disks + 1);
	spin_unlock(&disks_lock);
	if (err) {
		pr_err("%s: not added (error %d)\n", disk->disk_name, err);
		return err;
	}
	register_file(disk, "size", &size_ops);
	register_file(disk, "ro", &ro_ops);
	register_file(disk, "stat", &stat_ops);
	if (disk == disks[0])
		vfs_register("/proc/diskstats", &diskstats_ops, NULL);
	pr_info("%s: %llu 512-byte logical blocks (%llu MiB)%s\n", disk->disk_name,
		(unsigned long long)disk->capacity,
		(unsigned long long)(disk->capacity >> 11),
		disk->read_only ? ", read-only" : "");
	return 0;
}

/* The stat group of @op. */
static enum stat_group op_stat_group(enum req_op op)
{
	return op == REQ_OP_FLUSH ? STAT_FLUSH : op == REQ_OP_WRITE ? STAT_WRITE : STAT_READ;
}

const char *blk_op_str(enum req_op op)
{
	return op == REQ_OP_FLUSH ? "FLUSH" : op == REQ_OP_WRITE ? "WRITE" : "READ";
}

int blk_submit(struct gendisk *disk, struct request *rq)
{
	unsigned long flags;
	int err;

	if (rq->op == REQ_OP_WRITE && disk->read_only)
		return -EROFS;
	if (rq->op != REQ_OP_FLUSH &&
	    (!rq->nr_sectors || rq->nr_sectors > disk->max_sectors ||
	     rq->sector >= disk->capacity ||
	     rq->nr_sectors > disk->capacity - rq->sector)) {
		pr_err("%s: attempt to access beyond end of device or request too large: sector %llu, %u sectors (capacity %llu, at most %u a request)\n",
		       disk->disk_name, (unsigned long long)rq->sector, rq->nr_sectors,
		       (unsigned long long)disk->capacity, disk->max_sectors);
		return -EINVAL;
	}
	rq->done = false;
	rq->status = BLK_STS_OK;
	spin_lock_irqsave(&disk->lock, flags);
	rq->start_ns = ktime_get_ns();
	err = disk->fops->submit(disk, rq);
	if (!err) {
		update_io_ticks(&disk->stats, rq->start_ns);
		disk->stats.in_flight++;
	}
	spin_unlock_irqrestore(&disk->lock, flags);
	return err;
}

void blk_poll(struct gendisk *disk)
{
	unsigned long flags;

	spin_lock_irqsave(&disk->lock, flags);
	disk->fops->poll(disk);
	spin_unlock_irqrestore(&disk->lock, flags);
}

static const char *const status_words[] = {
	[BLK_STS_OK] = "",
	[BLK_STS_NOTSUPP] = "operation not supported",
	[BLK_STS_TIMEOUT] = "timeout",
	[BLK_STS_RESOURCE] = "kernel resource",
	[BLK_STS_IOERR] = "I/O",
};

const char *blk_status_to_str(blk_status_t status)
{
	if (status >= ARRAY_SIZE(status_words) || !status_words[status])
		return "<null>";
	return status_words[status];
}

int blk_status_to_errno(blk_status_t status)
{
	switch (status) {
	case BLK_STS_OK:
		return 0;
	case BLK_STS_NOTSUPP:
		return -EOPNOTSUPP;
	case BLK_STS_TIMEOUT:
		return -ETIMEDOUT;
	default:
		return -EIO;
	}
}

void blk_mq_end_request(struct gendisk *disk, struct request *rq, blk_status_t status)
{
	struct disk_stats *st = &disk->stats;
	enum stat_group group = op_stat_group(rq->op);
	u64 now = ktime_get_ns();

	if (status)
		pr_err("%s error, dev %s, sector %llu op 0x%x:(%s)\n",
		       blk_status_to_str(status), disk->disk_name,
		       (unsigned long long)rq->sector, rq->op, blk_op_str(rq->op));
	update_io_ticks(st, now);
	st->in_flight--;
	st->ios[group]++;
	st->sectors[group] += rq->nr_sectors;
	st->nsecs[group] += now - rq->start_ns;
	rq->status = status;
	/* @status before @done: a poller on another hart reads them so. */
	__atomic_store_n(&rq->done, true, __ATOMIC_RELEASE);
}

/* Polls @disk until @rq is done; Returns false after BLK_TIMEOUT_NS. */
static bool wait_for_request(struct gendisk *disk, struct request *rq)
{
	u64 deadline = ktime_get_ns() + BLK_TIMEOUT_NS;

	while (!__atomic_load_n(&rq->done, __ATOMIC_ACQUIRE)) {
		blk_poll(disk);
		if (ktime_get_ns() > deadline) {
			pr_err("%s: %s request at sector %llu timed out after %llu s\n",
			       disk->disk_name, blk_op_str(rq->op),
			       (unsigned long long)rq->sector, BLK_TIMEOUT_NS / 1000000000ULL);
			return false;
		}
		cpu_relax();
	}
	return true;
}

/* blk_submit(), polling for room while the driver is full. */
static int submit_when_room(struct gendisk *disk, struct request *rq)
{
	u64 deadline = ktime_get_ns() + BLK_TIMEOUT_NS;
	int err;

	while ((err = blk_submit(disk, rq)) == -EBUSY && ktime_get_ns() < deadline) {
		blk_poll(disk);
		cpu_relax();
	}
	return err;
}

blk_status_t blk_execute_rq(struct gendisk *disk, struct request *rq)
{
	if (submit_when_room(disk, rq))
		return BLK_STS_IOERR;
	return wait_for_request(disk, rq) ? rq->status : BLK_STS_TIMEOUT;
}

blk_status_t blkdev_issue_flush(struct gendisk *disk)
{
	struct request rq = { .op = REQ_OP_FLUSH };

	if (!disk->write_cache)
		return BLK_STS_OK;
	return blk_execute_rq(disk, &rq);
}

/* Most requests blk_stream() keeps in flight. */
#define BLK_STREAM_MAX_DEPTH 32

/* Page order of one blk_stream() buffer of @sectors sectors. */
static unsigned int chunk_order(unsigned int sectors)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < (size_t)sectors * SECTOR_SIZE)
		order++;
	return order;
}

/*
 * Waits for the stream request @rq and, for a read, hands it to @fn.
 * Returns 0, the request's error, -ETIMEDOUT, or what @fn returned.
 */
static int finish_chunk(struct gendisk *disk, struct request *rq,
			blk_stream_fn fn, void *arg)
{
	if (!wait_for_request(disk, rq))
		return -ETIMEDOUT;
	if (rq->status)
		return blk_status_to_errno(rq->status);
	return rq->op == REQ_OP_READ ? fn(arg, rq->sector, rq->buf, rq->nr_sectors) : 0;
}

int blk_stream(struct gendisk *disk, enum req_op op, sector_t sector, u64 count,
	       unsigned int depth, blk_stream_fn fn, void *arg)
{
	unsigned int chunk = disk->max_sectors < BLK_STREAM_CHUNK_SECTORS ?
			     disk->max_sectors : BLK_STREAM_CHUNK_SECTORS;
	unsigned int order = chunk_order(chunk);
	struct request rqs[BLK_STREAM_MAX_DEPTH];
	u64 nr_chunks = (count + chunk - 1) / chunk, submitted = 0, finished = 0;
	int err = 0;

	depth = depth < 1 ? 1 : depth;
	depth = depth > disk->queue_depth ? disk->queue_depth : depth;
	depth = depth > BLK_STREAM_MAX_DEPTH ? BLK_STREAM_MAX_DEPTH : depth;
	depth = depth > nr_chunks ? (unsigned int)nr_chunks : depth;
	memset(rqs, 0, sizeof(rqs));
	for (unsigned int i = 0; i < depth; i++) {
		struct page *page = alloc_pages_node(disk->node, GFP_KERNEL, order);

		if (!page) {
			err = -ENOMEM;
			break;
		}
		rqs[i].buf = page_address(page);
		rqs[i].op = op;
	}
	/* Chunk c goes through request c % depth, which chunk c - depth used. */
	while (!err && submitted < nr_chunks) {
		struct request *rq = &rqs[submitted % depth];

		if (submitted >= depth) {
			err = finish_chunk(disk, rq, fn, arg);
			finished++;
			if (err)
				break;
		}
		rq->sector = sector + submitted * chunk;
		rq->nr_sectors = (unsigned int)(count - submitted * chunk < chunk ?
						count - submitted * chunk : chunk);
		if (op == REQ_OP_WRITE)
			err = fn(arg, rq->sector, rq->buf, rq->nr_sectors);
		if (!err)
			err = submit_when_room(disk, rq);
		if (!err)
			submitted++;
	}
	if (err == -ETIMEDOUT)
		return err;	/* the device may still write the buffers */
	/* Every request in flight ends before its buffer is freed. */
	for (; finished < submitted; finished++) {
		int ret = finish_chunk(disk, &rqs[finished % depth], fn, arg);

		if (ret == -ETIMEDOUT)
			return ret;	/* the device may still write the buffers */
		err = err ? err : ret;
	}
	for (unsigned int i = 0; i < depth; i++)
		if (rqs[i].buf)
			free_pages((unsigned long)rqs[i].buf, order);
	return err;
}
