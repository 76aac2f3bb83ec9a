// SPDX-License-Identifier: MIT
/*
 * DOC: virtio_blk suite - the split ring, the transport's refusals, a disk
 *
 * Three kinds of case:
 *
 * - The ring alone (no device): chains added, published and taken back
 *   with this suite playing the device in the ring memory, out of order;
 *   a full ring refusing; a used entry naming no chain breaking the queue.
 * - The transport on fake register blocks in memory: no magic, an empty
 *   slot, a modern device without VIRTIO_F_VERSION_1, a queue size of 0:
 *   each refused with its error, nothing added.
 * - A real disk, when one is attached (skipped otherwise): an image made
 *   by tools/blkimg (sector 0 starts "TERNBLK1") read back whole through
 *   DMA and every word compared with the generator; a queue's worth of
 *   requests in flight at once; writes read back and the old contents put
 *   back (so the host's check of the image after power-off still holds);
 *   refusals (beyond the end, read-only); the /sys/block files and
 *   /proc/diskstats; the
 *   queue's memory on the device's node (or the nearest with memory).
 *   Writes happen only on a tools/blkimg image.
 */
#include "drivers/block/blkdev.h"
#include "drivers/block/virtio_blk.h"
#include "drivers/virtio/virtio.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/vfs.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/numa.h"
#include "mm/page.h"
#include "mm/slab.h"

#define BLKIMG_MAGIC "TERNBLK1"

/* ------------------------------------------------------ the ring alone --- */

static unsigned int kicks;

static bool count_kick(struct virtqueue *vq)
{
	kicks++;
	return true;
}

/* Plays the device: returns chain @head with @len bytes written. */
static void device_use(struct virtqueue *vq, unsigned int head, unsigned int len)
{
	struct vring_used *used = vq->vring.used;

	used->ring[used->idx & (vq->vring.num - 1)] = (struct vring_used_elem){ head, len };
	__atomic_store_n(&used->idx, (u16)(used->idx + 1), __ATOMIC_RELEASE);
}

/* A one-entry list at the made-up bus address @addr (premapped). */
static void fake_sg(struct scatterlist *sg, dma_addr_t addr, unsigned int len)
{
	sg_init_table(sg, 1);
	sg->dma_address = addr;
	sg->dma_length = len;
}

static void ring_add_kick_get(struct ktest *t)
{
	struct virtio_device *vdev = kzalloc(sizeof(*vdev), GFP_KERNEL);
	struct scatterlist out[2], in;
	struct scatterlist *sgs[2] = { out, &in };
	struct virtqueue *vq;
	int tokens[3];
	unsigned int len = 0, heads[2];

	device_initialize(&vdev->dev, "ring-test");
	vq = vring_create_virtqueue(0, 8, VIRTIO_LEGACY_VRING_ALIGN, vdev, count_kick, "test");
	KTEST_EXPECT(t, vq != NULL);
	if (!vq) {
		kfree(vdev);
		return;
	}
	KTEST_EXPECT_EQ(t, vq->vring.avail->flags, VRING_AVAIL_F_NO_INTERRUPT);
	sg_init_table(out, 2);
	out[0].dma_address = 0x1000, out[0].dma_length = 16;
	out[1].dma_address = 0x2000, out[1].dma_length = 512;
	fake_sg(&in, 0x3000, 1);
	for (int i = 0; i < 2; i++) {
		heads[i] = vq->free_head;
		KTEST_EXPECT_EQ(t, virtqueue_add_sgs(vq, sgs, 1, 1, &tokens[i], GFP_KERNEL), 0);
	}
	/* Two chains of three take 6 of the 8 descriptors: a third does not fit. */
	KTEST_EXPECT_EQ(t, vq->num_free, 2);
	KTEST_EXPECT_EQ(t, virtqueue_add_sgs(vq, sgs, 1, 1, &tokens[2], GFP_KERNEL), -ENOSPC);
	kicks = 0;
	KTEST_EXPECT(t, virtqueue_kick(vq));
	KTEST_EXPECT_EQ(t, kicks, 1);
	KTEST_EXPECT_EQ(t, vq->vring.avail->idx, 2);
	/* The first chain: out[0], out[1] read by the device, in written. */
	{
		struct vring_desc *d = vq->vring.desc;
		unsigned int h = heads[0], second = d[h].next, third = d[second].next;

		KTEST_EXPECT_EQ(t, d[h].addr, 0x1000);
		KTEST_EXPECT_EQ(t, d[h].flags, VRING_DESC_F_NEXT);
		KTEST_EXPECT_EQ(t, d[second].addr, 0x2000);
		KTEST_EXPECT_EQ(t, d[second].flags, VRING_DESC_F_NEXT);
		KTEST_EXPECT_EQ(t, d[third].addr, 0x3000);
		KTEST_EXPECT_EQ(t, d[third].flags, VRING_DESC_F_WRITE);
		KTEST_EXPECT_EQ(t, vq->vring.avail->ring[0], h);
	}
	KTEST_EXPECT(t, virtqueue_get_buf(vq, &len) == NULL);
	/* Out of order: the second chain first. */
	device_use(vq, heads[1], 7);
	device_use(vq, heads[0], 1);
	KTEST_EXPECT(t, virtqueue_get_buf(vq, &len) == &tokens[1]);
	KTEST_EXPECT_EQ(t, len, 7);
	KTEST_EXPECT(t, virtqueue_get_buf(vq, &len) == &tokens[0]);
	KTEST_EXPECT_EQ(t, vq->num_free, 8);
	KTEST_EXPECT(t, virtqueue_get_buf(vq, &len) == NULL);
	/* A used entry for a chain not in flight: reported, queue broken. */
	device_use(vq, heads[0], 1);
	KTEST_EXPECT(t, virtqueue_get_buf(vq, &len) == NULL);
	KTEST_EXPECT(t, vq->broken);
	KTEST_EXPECT_EQ(t, virtqueue_add_sgs(vq, sgs, 1, 1, &tokens[0], GFP_KERNEL), -EIO);
	vring_del_virtqueue(vq);
	kfree(vdev);
}

static void ring_refuses_bad_sizes(struct ktest *t)
{
	struct virtio_device *vdev = kzalloc(sizeof(*vdev), GFP_KERNEL);

	device_initialize(&vdev->dev, "ring-test");
	KTEST_EXPECT(t, !vring_create_virtqueue(0, 0, 4096, vdev, count_kick, "zero"));
	KTEST_EXPECT(t, !vring_create_virtqueue(0, 12, 4096, vdev, count_kick, "twelve"));
	KTEST_EXPECT(t, !vring_create_virtqueue(0, 65536, 4096, vdev, count_kick, "huge"));
	/* The legacy layout of 256: the used ring on its own page. */
	KTEST_EXPECT_EQ(t, vring_size(256, 4096), 8192 + 6 + 8 * 256);
	kfree(vdev);
}

/* ---------------------------------------- the transport on fake regs --- */

/* A fake register block: words at the virtio-mmio offsets, in memory. */
static void fake_regs(u32 *regs, u32 magic, u32 version, u32 id, u32 features,
		      u32 queue_num_max)
{
	memset(regs, 0, 0x200);
	regs[0x000 / 4] = magic;
	regs[0x004 / 4] = version;
	regs[0x008 / 4] = id;
	regs[0x010 / 4] = features;	/* read for either DeviceFeaturesSel */
	regs[0x034 / 4] = queue_num_max;
}

static int probe_fake(u32 magic, u32 version, u32 id, u32 features, u32 num_max)
{
	struct virtio_device *vdev = kzalloc(sizeof(*vdev), GFP_KERNEL);
	u32 *regs = kzalloc(0x200, GFP_KERNEL);
	unsigned int disks = 0;
	int err;

	while (blk_disk_at(disks))
		disks++;
	device_initialize(&vdev->dev, "fake-virtio");
	fake_regs(regs, magic, version, id, features, num_max);
	err = virtio_mmio_probe_at(vdev, regs);
	if (blk_disk_at(disks))
		err = -EEXIST;	/* must not happen: the case fails */
	kfree(regs);
	kfree(vdev);
	return err;
}

static void transport_refusals(struct ktest *t)
{
	/* VIRTIO_F_VERSION_1 is bit 0 of the high word. */
	KTEST_EXPECT_EQ(t, probe_fake(0x12345678, 2, VIRTIO_ID_BLOCK, 1, 256), -ENODEV);
	KTEST_EXPECT_EQ(t, probe_fake(0x74726976, 3, VIRTIO_ID_BLOCK, 1, 256), -EINVAL);
	KTEST_EXPECT_EQ(t, probe_fake(0x74726976, 2, 0, 1, 256), -ENODEV);
	KTEST_EXPECT_EQ(t, probe_fake(0x74726976, 2, 0x7fff, 1, 256), -ENODEV);
	KTEST_EXPECT_EQ(t, probe_fake(0x74726976, 2, VIRTIO_ID_BLOCK, 0, 256), -EIO);
	KTEST_EXPECT_EQ(t, probe_fake(0x74726976, 2, VIRTIO_ID_BLOCK, 1, 0), -EIO);
	KTEST_EXPECT_EQ(t, probe_fake(0x74726976, 1, VIRTIO_ID_BLOCK, 0, 0), -EIO);
}

/* ------------------------------------------------------- a real disk --- */

/* Returns splitmix64(@x), tools/blkimg's generator. */
static u64 splitmix64(u64 x)
{
	u64 z = x + 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Fills @buf with what tools/blkimg puts at @sector.. of a @disk image. */
static void blkimg_expected(struct gendisk *disk, sector_t sector, u64 *buf,
			    unsigned int nr_sectors)
{
	u64 first = sector * (SECTOR_SIZE / 8);

	for (u64 i = 0; i < (u64)nr_sectors * (SECTOR_SIZE / 8); i++)
		buf[i] = splitmix64(first + i);
	if (sector == 0) {
		memcpy(buf, BLKIMG_MAGIC, 8);
		buf[1] = disk->capacity;
	}
}

/* Reads @nr sectors at @sector into @buf; Returns the status. */
static blk_status_t read_sectors(struct gendisk *disk, sector_t sector, void *buf,
				 unsigned int nr)
{
	struct request rq = { .op = REQ_OP_READ, .sector = sector, .nr_sectors = nr, .buf = buf };

	return blk_execute_rq(disk, &rq);
}

static blk_status_t write_sectors(struct gendisk *disk, sector_t sector, void *buf,
				  unsigned int nr)
{
	struct request rq = { .op = REQ_OP_WRITE, .sector = sector, .nr_sectors = nr, .buf = buf };

	return blk_execute_rq(disk, &rq);
}

/* Returns true if @disk holds a tools/blkimg image. */
static bool is_blkimg(struct gendisk *disk)
{
	u8 *sector0 = kmalloc(SECTOR_SIZE, GFP_KERNEL);
	bool yes = sector0 && !read_sectors(disk, 0, sector0, 1) &&
		   !memcmp(sector0, BLKIMG_MAGIC, 8);

	kfree(sector0);
	return yes;
}

/* The disk the cases use: the first tools/blkimg image, else the first disk. */
static struct gendisk *test_disk(struct ktest *t, bool need_image)
{
	struct gendisk *disk;

	for (unsigned int i = 0; (disk = blk_disk_at(i)); i++)
		if (is_blkimg(disk))
			return disk;
	disk = blk_disk_at(0);
	if (!disk || need_image) {
		ktest_skip(t, disk ? "no tools/blkimg image attached" : "no disk attached");
		return NULL;
	}
	return disk;
}

struct verify_state {
	struct gendisk *disk;
	u64 *expected;
	u64 bad_sectors;
	sector_t first_bad;
};

static int verify_chunk(void *arg, sector_t sector, void *buf, unsigned int nr_sectors)
{
	struct verify_state *v = arg;

	blkimg_expected(v->disk, sector, v->expected, nr_sectors);
	for (unsigned int s = 0; s < nr_sectors; s++)
		if (memcmp((char *)buf + s * SECTOR_SIZE, (char *)v->expected + s * SECTOR_SIZE,
			   SECTOR_SIZE)) {
			if (!v->bad_sectors++)
				v->first_bad = sector + s;
		}
	return 0;
}

static void image_every_sector(struct ktest *t)
{
	struct gendisk *disk = test_disk(t, true);
	struct verify_state v = { .disk = disk };
	u64 reads;

	if (!disk)
		return;
	v.expected = kmalloc(BLK_STREAM_CHUNK_SECTORS * SECTOR_SIZE, GFP_KERNEL);
	reads = disk->stats.ios[STAT_READ];
	KTEST_EXPECT_EQ(t, blk_stream(disk, REQ_OP_READ, 0, disk->capacity, disk->queue_depth,
				      verify_chunk, &v), 0);
	if (v.bad_sectors)
		ktest_fail(t, __FILE__, __LINE__, "%s: %llu sectors differ from tools/blkimg's, first %llu",
			   disk->disk_name, (unsigned long long)v.bad_sectors,
			   (unsigned long long)v.first_bad);
	KTEST_EXPECT(t, disk->stats.ios[STAT_READ] - reads >=
			disk->capacity / BLK_STREAM_CHUNK_SECTORS);
	kfree(v.expected);
}

/* A queue's worth of one-sector reads submitted before any is polled. */
static void requests_in_flight(struct ktest *t)
{
	struct gendisk *disk = test_disk(t, false);
	unsigned int depth = disk ? disk->queue_depth : 0, started = 0, bad = 0;
	struct request *rqs;
	u8 *bufs;

	if (!disk)
		return;
	rqs = kcalloc(depth + 1, sizeof(*rqs), GFP_KERNEL);
	bufs = kmalloc((size_t)(depth + 1) * SECTOR_SIZE, GFP_KERNEL);
	for (unsigned int i = 0; i <= depth; i++)
		rqs[i] = (struct request){ .op = REQ_OP_READ, .sector = i % disk->capacity,
					   .nr_sectors = 1, .buf = bufs + i * SECTOR_SIZE };
	for (unsigned int i = 0; i < depth; i++)
		started += !blk_submit(disk, &rqs[i]);
	KTEST_EXPECT_EQ(t, started, depth);
	KTEST_EXPECT_EQ(t, disk->stats.in_flight, depth);
	/* Every tag taken: the next one waits for room. */
	KTEST_EXPECT_EQ(t, blk_submit(disk, &rqs[depth]), -EBUSY);
	for (unsigned int i = 0; i < depth; i++) {
		while (!__atomic_load_n(&rqs[i].done, __ATOMIC_ACQUIRE))
			blk_poll(disk);
		bad += rqs[i].status != BLK_STS_OK;
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	KTEST_EXPECT_EQ(t, disk->stats.in_flight, 0);
	/* The same sector read alone gives the same bytes. */
	KTEST_EXPECT_EQ(t, read_sectors(disk, rqs[1].sector, bufs + depth * SECTOR_SIZE, 1), 0);
	KTEST_EXPECT(t, !memcmp(bufs + SECTOR_SIZE, bufs + depth * SECTOR_SIZE, SECTOR_SIZE));
	kfree(bufs);
	kfree(rqs);
}

/* Writes patterns near the end, reads them back, then puts the old back. */
static void write_read_back_restore(struct ktest *t)
{
	struct gendisk *disk = test_disk(t, true);
	unsigned int nr = 64;
	u8 *saved, *pattern, *back;
	sector_t sector;
	u64 writes, flushes;

	if (!disk)
		return;
	if (disk->read_only || disk->capacity < 2 * nr) {
		ktest_skip(t, "the image is read-only or too small");
		return;
	}
	sector = disk->capacity - nr - 3;	/* not chunk-aligned on purpose */
	saved = kmalloc(nr * SECTOR_SIZE, GFP_KERNEL);
	pattern = kmalloc(nr * SECTOR_SIZE, GFP_KERNEL);
	back = kmalloc(nr * SECTOR_SIZE, GFP_KERNEL);
	for (unsigned int i = 0; i < nr * SECTOR_SIZE; i++)
		pattern[i] = (u8)(i * 7 + i / SECTOR_SIZE);
	writes = disk->stats.ios[STAT_WRITE];
	flushes = disk->stats.ios[STAT_FLUSH];
	KTEST_EXPECT_EQ(t, read_sectors(disk, sector, saved, nr), 0);
	KTEST_EXPECT_EQ(t, write_sectors(disk, sector, pattern, nr), 0);
	KTEST_EXPECT_EQ(t, blkdev_issue_flush(disk), 0);
	KTEST_EXPECT_EQ(t, read_sectors(disk, sector, back, nr), 0);
	KTEST_EXPECT(t, !memcmp(back, pattern, nr * SECTOR_SIZE));
	KTEST_EXPECT_EQ(t, write_sectors(disk, sector, saved, nr), 0);
	KTEST_EXPECT_EQ(t, blkdev_issue_flush(disk), 0);
	KTEST_EXPECT_EQ(t, read_sectors(disk, sector, back, nr), 0);
	KTEST_EXPECT(t, !memcmp(back, saved, nr * SECTOR_SIZE));
	KTEST_EXPECT_EQ(t, disk->stats.ios[STAT_WRITE] - writes, 2);
	KTEST_EXPECT_EQ(t, disk->stats.ios[STAT_FLUSH] - flushes, disk->write_cache ? 2 : 0);
	kfree(saved);
	kfree(pattern);
	kfree(back);
}

static void requests_refused(struct ktest *t)
{
	struct gendisk *disk = test_disk(t, false);
	u8 *buf = kmalloc(2 * SECTOR_SIZE, GFP_KERNEL);
	struct request rq = { .op = REQ_OP_READ, .nr_sectors = 2, .buf = buf };
	u64 reads;

	if (!disk) {
		kfree(buf);
		return;
	}
	reads = disk->stats.ios[STAT_READ];
	rq.sector = disk->capacity - 1;
	KTEST_EXPECT_EQ(t, blk_submit(disk, &rq), -EINVAL);
	rq.sector = disk->capacity;
	KTEST_EXPECT_EQ(t, blk_submit(disk, &rq), -EINVAL);
	rq.sector = 0, rq.nr_sectors = 0;
	KTEST_EXPECT_EQ(t, blk_submit(disk, &rq), -EINVAL);
	rq.nr_sectors = disk->max_sectors + 1;
	KTEST_EXPECT_EQ(t, blk_submit(disk, &rq), -EINVAL);
	KTEST_EXPECT_EQ(t, disk->stats.ios[STAT_READ], reads);
	KTEST_EXPECT_EQ(t, disk->stats.in_flight, 0);
	kfree(buf);
}

static void read_only_refused(struct ktest *t)
{
	struct gendisk *disk;
	u8 *buf;
	struct request rq = { .op = REQ_OP_WRITE, .nr_sectors = 1 };

	for (unsigned int i = 0; (disk = blk_disk_at(i)); i++)
		if (disk->read_only)
			break;
	if (!disk) {
		ktest_skip(t, "no read-only disk attached");
		return;
	}
	buf = kzalloc(SECTOR_SIZE, GFP_KERNEL);
	rq.buf = buf;
	KTEST_EXPECT_EQ(t, blk_submit(disk, &rq), -EROFS);
	KTEST_EXPECT_EQ(t, read_sectors(disk, 0, buf, 1), 0);
	kfree(buf);
}

/* Returns the whitespace-separated numbers of @text in @v (at most @n). */
static unsigned int parse_numbers(const char *text, u64 *v, unsigned int n)
{
	unsigned int count = 0;

	while (*text) {
		if (*text >= '0' && *text <= '9') {
			u64 x = 0;

			while (*text >= '0' && *text <= '9')
				x = x * 10 + (u64)(*text++ - '0');
			if (count < n)
				v[count] = x;
			count++;
		} else if (*text == ' ' || *text == '\n') {
			text++;
		} else {
			return 0;
		}
	}
	return count;
}

/* @disk's /proc/diskstats line: "%4d %7d name" and the 17 fields. */
static void sys_block_diskstats_line(struct ktest *t, struct gendisk *disk)
{
	char *text = kmalloc(4096, GFP_KERNEL), head[48];
	struct seq_buf m;
	const char *line;
	u64 v[17];

	seq_buf_init(&m, text, 4096);
	KTEST_EXPECT_EQ(t, vfs_read("/proc/diskstats", &m), 0);
	scnprintf(head, sizeof(head), "%4d %7d %s ", disk->major, disk->first_minor,
		  disk->disk_name);
	line = strstr(text, head);
	KTEST_EXPECT(t, line != NULL);
	if (line) {
		char fields[256];
		const char *end = strchr(line, '\n');
		size_t len = (end ? (size_t)(end - line) : strlen(line)) - strlen(head);

		memcpy(fields, line + strlen(head), len < sizeof(fields) ? len : sizeof(fields) - 1);
		fields[len < sizeof(fields) ? len : sizeof(fields) - 1] = '\0';
		KTEST_EXPECT_EQ(t, parse_numbers(fields, v, 17), 17);
		KTEST_EXPECT_EQ(t, v[2], disk->stats.sectors[STAT_READ]);
	}
	kfree(text);
}

static void sys_block_files(struct ktest *t)
{
	struct gendisk *disk = test_disk(t, false);
	char path[VFS_PATH_MAX], text[256];
	struct seq_buf m;
	u64 v[17];

	if (!disk)
		return;
	seq_buf_init(&m, text, sizeof(text));
	scnprintf(path, sizeof(path), "/sys/block/%s/size", disk->disk_name);
	KTEST_EXPECT_EQ(t, vfs_read(path, &m), 0);
	KTEST_EXPECT_EQ(t, parse_numbers(text, v, 1), 1);
	KTEST_EXPECT_EQ(t, v[0], disk->capacity);
	scnprintf(path, sizeof(path), "/sys/block/%s/stat", disk->disk_name);
	KTEST_EXPECT_EQ(t, vfs_read(path, &m), 0);
	KTEST_EXPECT_EQ(t, parse_numbers(text, v, 17), 17);
	KTEST_EXPECT_EQ(t, v[0], disk->stats.ios[STAT_READ]);
	KTEST_EXPECT_EQ(t, v[2], disk->stats.sectors[STAT_READ]);
	KTEST_EXPECT_EQ(t, v[4], disk->stats.ios[STAT_WRITE]);
	KTEST_EXPECT_EQ(t, v[8], 0);	/* nothing in flight */
	KTEST_EXPECT_EQ(t, v[15], disk->stats.ios[STAT_FLUSH]);
	/* Linux's layout: each field right-aligned in 8 columns. */
	KTEST_EXPECT_EQ(t, strlen(text), 17 * 9);
	sys_block_diskstats_line(t, disk);
}

/* Returns the node with memory nearest @nid (@nid itself if it has some). */
static int nearest_memory_node(int nid)
{
	int best = -1;

	for (unsigned int n = 0; n < nr_node_ids; n++)
		if (node_state((int)n, N_MEMORY) &&
		    (best < 0 || node_distance(nid, (int)n) < node_distance(nid, best)))
			best = (int)n;
	return best;
}

/*
 * The queue and a stream's buffers on the disk's node, or on the nearest
 * node with memory when the device sits on a memoryless one.
 */
static void memory_on_device_node(struct ktest *t)
{
	struct gendisk *disk = test_disk(t, false);
	struct virtio_blk *vblk;

	if (!disk)
		return;
	if (strcmp(disk->driver, "virtio_blk")) {
		ktest_skip(t, "not a virtio disk");
		return;
	}
	vblk = disk_to_virtio_blk(disk);
	KTEST_EXPECT_EQ(t, disk->node, dev_to_node(&vblk->vdev->dev));
	KTEST_EXPECT_EQ(t, page_to_nid(virt_to_page(vblk->vq->queue)),
			nearest_memory_node(disk->node));
	KTEST_EXPECT_EQ(t, page_to_nid(virt_to_page(vblk->cmds)),
			nearest_memory_node(disk->node));
}

static const struct ktest_case virtio_blk_cases[] = {
	KTEST_CASE(ring_add_kick_get),
	KTEST_CASE(ring_refuses_bad_sizes),
	KTEST_CASE(transport_refusals),
	KTEST_CASE(image_every_sector),
	KTEST_CASE(requests_in_flight),
	KTEST_CASE(write_read_back_restore),
	KTEST_CASE(requests_refused),
	KTEST_CASE(read_only_refused),
	KTEST_CASE(sys_block_files),
	KTEST_CASE(memory_on_device_node),
};

KTEST_SUITE(virtio_blk_ktest_suite, "virtio_blk", virtio_blk_cases);
