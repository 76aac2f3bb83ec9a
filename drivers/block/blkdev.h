/* SPDX-License-Identifier: MIT */
/*
 * drivers/block/blkdev.h - block devices: disks, requests, statistics.
 *
 * DOC: block layer
 *
 * A much smaller cousin of Linux's block layer, under its names: a
 * driver describes each disk with a struct gendisk and add_disk()s it,
 * which names it in the registry and gives it /sys/block/<name>/size
 * (512-byte sectors), ro and stat (Linux's 17 fields,
 * Documentation/block/stat.rst) and a line of /proc/diskstats. A request reads, writes or flushes
 * sectors to or from one physically contiguous buffer (kmalloc() or the
 * page allocator). There is no scheduler, no merging and no sleeping:
 * blk_submit() hands a request to the driver, and completion is found by
 * polling (blk_poll()), which the blocking helpers (blk_execute_rq(),
 * blk_stream()) do for their callers. Any hart may use a disk: its lock
 * serialises the driver.
 */
#ifndef TERN_DRIVERS_BLOCK_BLKDEV_H
#define TERN_DRIVERS_BLOCK_BLKDEV_H

#include "kernel/spinlock.h"
#include "kernel/types.h"

typedef u64 sector_t;

#define SECTOR_SHIFT 9
#define SECTOR_SIZE (1U << SECTOR_SHIFT)

/* Linux's values (include/linux/blk_types.h). */
typedef u8 blk_status_t;
#define BLK_STS_OK 0
#define BLK_STS_NOTSUPP 1
#define BLK_STS_TIMEOUT 2
#define BLK_STS_RESOURCE 9
#define BLK_STS_IOERR 10

/* Linux's operation numbers; the index of struct disk_stats' arrays. */
enum req_op {
	REQ_OP_READ = 0,
	REQ_OP_WRITE = 1,
	REQ_OP_FLUSH = 2,
};

/* The stat groups of /sys/block/<disk>/stat, Linux's order. */
enum stat_group { STAT_READ, STAT_WRITE, STAT_DISCARD, STAT_FLUSH, NR_STAT_GROUPS };

/* Fields of /sys/block/<disk>/stat and of a /proc/diskstats line. */
#define NR_DISK_STAT_FIELDS 17

/**
 * struct request - one transfer.
 * @op: what to do.
 * @sector: the first sector (512 bytes) on the disk.
 * @nr_sectors: how many; 0 for a flush.
 * @buf: the data, @nr_sectors * 512 bytes, a linear-map address (so it
 *	can be dma_map_single()d).
 * @status: set on completion.
 * @done: set on completion, after @status.
 * @start_ns: when it was submitted (for the statistics).
 * @tag: the driver's slot while in flight.
 */
struct request {
	enum req_op op;
	sector_t sector;
	unsigned int nr_sectors;
	void *buf;
	blk_status_t status;
	bool done;
	u64 start_ns;
	unsigned int tag;
};

struct gendisk;

/**
 * struct block_device_operations - what a driver does for its disks.
 * @submit: starts @rq (checked already: in range, allowed); Returns 0,
 *	-EBUSY when every slot or queue entry is taken (the caller polls and
 *	tries again), or another -errno for a request it cannot start.
 * @poll: completes every finished request with blk_mq_end_request().
 */
struct block_device_operations {
	int (*submit)(struct gendisk *disk, struct request *rq);
	void (*poll)(struct gendisk *disk);
};

/**
 * struct disk_stats - what /sys/block/<disk>/stat counts, Linux's fields.
 * @ios: requests completed, by stat group.
 * @sectors: sectors moved, by stat group.
 * @nsecs: time requests spent from submission to completion, by group.
 * @in_flight: requests submitted and not completed.
 * @io_ns: time with at least one request in flight (io_ticks).
 * @stamp_ns: when @in_flight last changed.
 */
struct disk_stats {
	u64 ios[NR_STAT_GROUPS];
	u64 sectors[NR_STAT_GROUPS];
	u64 nsecs[NR_STAT_GROUPS];
	unsigned int in_flight;
	u64 io_ns;
	u64 stamp_ns;
};

/**
 * struct gendisk - one disk.
 * @major: its device number's major (/proc/diskstats), the driver's.
 * @first_minor: its minor: Linux's virtio_blk gives each disk 16.
 * @disk_name: "vda", ...; set by the driver before add_disk().
 * @capacity: 512-byte sectors.
 * @node: the NUMA node its device's memory comes from.
 * @driver: the driver's name, for the listing.
 * @queue_depth: requests it takes in flight at once.
 * @max_sectors: most sectors one request may move.
 * @read_only: writes are refused (-EROFS).
 * @write_cache: it has a volatile write cache, so flushes go to it;
 *	without one a flush completes at once (as in Linux).
 * @fops: the driver's operations.
 * @private_data: the driver's.
 * @lock: serialises @fops and @stats.
 * @stats: what /sys/block/<disk>/stat shows.
 */
struct gendisk {
	int major;
	int first_minor;
	char disk_name[32];
	sector_t capacity;
	int node;
	const char *driver;
	unsigned int queue_depth;
	unsigned int max_sectors;
	bool read_only;
	bool write_cache;
	const struct block_device_operations *fops;
	void *private_data;
	spinlock_t lock;
	struct disk_stats stats;
};

/* The most disks the registry holds. */
#define MAX_DISKS 16

/**
 * add_disk() - make @disk known: the registry, its /sys/block files.
 * Return: 0, -ENOSPC when MAX_DISKS are known, -EEXIST for a taken name
 * (logged).
 */
int add_disk(struct gendisk *disk);

/* Return: the @index-th disk added (from 0), or NULL past the last. */
struct gendisk *blk_disk_at(unsigned int index);

/* Return: the disk named @name, or NULL. */
struct gendisk *blk_find_disk(const char *name);

/**
 * blk_submit() - start @rq on @disk.
 * Return: 0; -EINVAL for no sectors, too many or beyond the end (logged,
 * as Linux's "beyond end of device"); -EROFS for a write to a read-only
 * disk; -EBUSY when the driver is full (blk_poll(), then again); or the
 * driver's error.
 */
int blk_submit(struct gendisk *disk, struct request *rq);

/* blk_poll() - complete @disk's finished requests (sets their @done). */
void blk_poll(struct gendisk *disk);

/**
 * blk_mq_end_request() - the driver's report that @rq finished with
 *	@status: counts it and sets @rq->done. An error is logged as
 *	Linux's "I/O error, dev vda, sector N op 0x0:(READ)". Called from
 *	the driver's poll().
 */
void blk_mq_end_request(struct gendisk *disk, struct request *rq, blk_status_t status);

/**
 * blk_execute_rq() - submit @rq and poll until it completes.
 * Return: its status; BLK_STS_IOERR if it could not be submitted,
 * BLK_STS_TIMEOUT (logged) if it did not complete in BLK_TIMEOUT_NS.
 */
blk_status_t blk_execute_rq(struct gendisk *disk, struct request *rq);

/* Linux's default request timeout (30 s). */
#define BLK_TIMEOUT_NS (30ULL * 1000000000ULL)

/**
 * blkdev_issue_flush() - make what @disk acknowledged as written durable.
 * Return: the flush's status (BLK_STS_OK at once without a write cache).
 */
blk_status_t blkdev_issue_flush(struct gendisk *disk);

/*
 * One chunk of a blk_stream(): @buf holds sectors [@sector, +@nr_sectors).
 * Returns 0 to go on, anything else to stop (blk_stream() returns it).
 */
typedef int (*blk_stream_fn)(void *arg, sector_t sector, void *buf,
			     unsigned int nr_sectors);

/* The most sectors a blk_stream() request moves (128 KiB). */
#define BLK_STREAM_CHUNK_SECTORS 256

/**
 * blk_stream() - read or write a range with several requests in flight.
 * @disk: the disk.
 * @op: REQ_OP_READ or REQ_OP_WRITE.
 * @sector: the first sector.
 * @count: sectors.
 * @depth: requests in flight at most (1 to @disk->queue_depth; clamped).
 * @fn: for a write, fills each chunk before it is submitted; for a read,
 *	takes each after it completed; chunks in sector order either way.
 * @arg: for @fn.
 *
 * Buffers (one per request in flight) come from @disk's node. A write is
 * not flushed: call blkdev_issue_flush().
 * Return: 0; -ENOMEM; blk_submit()'s errors; -EIO or -EOPNOTSUPP for a
 * request that failed; -ETIMEDOUT (its buffers are then leaked, the
 * device may still write them); or what @fn returned.
 */
int blk_stream(struct gendisk *disk, enum req_op op, sector_t sector, u64 count,
	       unsigned int depth, blk_stream_fn fn, void *arg);

/* Return: Linux's errno for @status (0, -EIO, -EOPNOTSUPP, -ETIMEDOUT). */
int blk_status_to_errno(blk_status_t status);

/* Return: Linux's word for @status ("I/O", "operation not supported", ...). */
const char *blk_status_to_str(blk_status_t status);

/* Return: "READ", "WRITE" or "FLUSH". */
const char *blk_op_str(enum req_op op);

#endif
