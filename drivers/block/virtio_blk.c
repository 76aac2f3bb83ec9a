// SPDX-License-Identifier: MIT
/*
 * DOC: virtio-blk, polled
 *
 * A virtio block device (virtio 1.x spec, 5.2) has one queue of
 * requests. Each request is a chain of three parts: a header the device
 * reads (struct virtio_blk_outhdr: type and sector), the data (read by
 * the device for a write, written for a read; none for a flush), and one
 * status byte the device writes. Headers and status bytes live in one
 * dma_alloc_coherent() array, a slot per tag; data buffers are mapped
 * per request with dma_map_sg() and unmapped when the request comes
 * back. A request that has all its slot's descriptors free goes in at
 * once, so up to queue_depth requests are in flight; completion is found
 * by polling the used ring (blk_poll()), interrupts stay off.
 *
 * Disks are named as Linux names them: vda, vdb, ... in probe order.
 */
#define pr_fmt(fmt) "virtio_blk: " fmt

#include "drivers/block/blkdev.h"
#include "drivers/block/virtio_blk.h"
#include "drivers/virtio/virtio.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/slab.h"

/* Feature bits (spec 5.2.3). */
#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_RO 5
#define VIRTIO_BLK_F_FLUSH 9

/* Configuration offsets (struct virtio_blk_config). */
#define VIRTIO_BLK_CFG_CAPACITY 0
#define VIRTIO_BLK_CFG_SIZE_MAX 8
#define VIRTIO_BLK_CFG_SEG_MAX 12

/* Request types and status values. */
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2

/*
 * The device number Linux's virtio_blk usually gets (its major is
 * dynamic; 254 on a machine with no other such driver), 16 minors a disk.
 */
#define VIRTBLK_MAJOR 254
#define VIRTBLK_PART_BITS 4

/* Descriptors asked for (QEMU offers 256), segments and tags at most. */
#define VIRTBLK_QUEUE_SIZE 256
#define VIRTBLK_MAX_SEGS 8
#define VIRTBLK_MAX_TAGS 64
/* Most sectors a request moves (512 KiB), as far as the segments allow. */
#define VIRTBLK_MAX_SECTORS 1024

struct virtio_blk_outhdr {
	u32 type;
	u32 ioprio;
	u64 sector;
};

/* What the device reads first and writes last, per tag. */
struct virtblk_cmd {
	struct virtio_blk_outhdr hdr;
	u8 status;
};

/**
 * struct virtblk_slot - a tag's request while it is in flight.
 * @rq: the request, or NULL when the tag is free.
 * @hdr_sg: the header in the coherent array.
 * @data_sg: the data buffer's segments, dma_map_sg()ed.
 * @status_sg: the status byte in the coherent array.
 * @nr_segs: entries of @data_sg in use; 0 for a flush.
 */
struct virtblk_slot {
	struct request *rq;
	struct scatterlist hdr_sg;
	struct scatterlist data_sg[VIRTBLK_MAX_SEGS];
	struct scatterlist status_sg;
	unsigned int nr_segs;
};

static unsigned int virtblk_disks;	/* vda, vdb, ... handed out */

/* Points the one-entry list @sg at @len bytes at @offset in the cmd array. */
static void set_cmd_sg(struct virtio_blk *vblk, struct scatterlist *sg,
		       size_t offset, unsigned int len)
{
	sg_init_table(sg, 1);
	sg->dma_address = vblk->cmds_dma + offset;
	sg->dma_length = len;
}

/* Splits @rq's buffer into @slot's data segments; Returns how many. */
static unsigned int fill_data_sg(struct virtio_blk *vblk, struct virtblk_slot *slot,
				 struct request *rq)
{
	size_t left = (size_t)rq->nr_sectors * SECTOR_SIZE;
	char *p = rq->buf;
	unsigned int n = 0;

	sg_init_table(slot->data_sg, VIRTBLK_MAX_SEGS);
	for (; left; n++) {
		size_t len = left < vblk->seg_size ? left : vblk->seg_size;

		sg_set_buf(&slot->data_sg[n], p, (unsigned int)len);
		p += len;
		left -= len;
	}
	sg_mark_end(&slot->data_sg[n - 1]);
	return n;
}

static enum dma_data_direction data_dir(const struct request *rq)
{
	return rq->op == REQ_OP_WRITE ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
}

static int virtblk_submit(struct gendisk *disk, struct request *rq)
{
	struct virtio_blk *vblk = disk->private_data;
	struct scatterlist *sgs[3];
	struct virtblk_slot *slot = NULL;
	struct virtblk_cmd *cmd;
	unsigned int tag, out = 1, in = 0;
	int err;

	for (tag = 0; tag < vblk->nr_tags && !slot; tag++)
		if (!vblk->slots[tag].rq)
			slot = &vblk->slots[tag];
	if (!slot)
		return -EBUSY;
	tag = (unsigned int)(slot - vblk->slots);
	cmd = &vblk->cmds[tag];
	cmd->hdr.type = rq->op == REQ_OP_READ ? VIRTIO_BLK_T_IN :
			rq->op == REQ_OP_WRITE ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_FLUSH;
	cmd->hdr.ioprio = 0;
	cmd->hdr.sector = rq->op == REQ_OP_FLUSH ? 0 : rq->sector;
	cmd->status = 0xff;	/* not a status the device sends */
	set_cmd_sg(vblk, &slot->hdr_sg, tag * sizeof(*cmd), sizeof(cmd->hdr));
	set_cmd_sg(vblk, &slot->status_sg,
		   tag * sizeof(*cmd) + offsetof(struct virtblk_cmd, status), 1);
	sgs[0] = &slot->hdr_sg;
	slot->nr_segs = 0;
	if (rq->op != REQ_OP_FLUSH) {
		slot->nr_segs = fill_data_sg(vblk, slot, rq);
		if (!dma_map_sg(&vblk->vdev->dev, slot->data_sg, (int)slot->nr_segs,
				data_dir(rq)))
			return -ENOMEM;
		sgs[1] = slot->data_sg;
		if (rq->op == REQ_OP_WRITE)
			out++;
		else
			in++;
	}
	sgs[out + in] = &slot->status_sg;
	in++;
	err = virtqueue_add_sgs(vblk->vq, sgs, out, in, slot, GFP_ATOMIC);
	if (err) {
		if (slot->nr_segs)
			dma_unmap_sg(&vblk->vdev->dev, slot->data_sg, (int)slot->nr_segs,
				     data_dir(rq));
		return err == -ENOSPC ? -EBUSY : err;
	}
	slot->rq = rq;
	rq->tag = tag;
	virtqueue_kick(vblk->vq);
	return 0;
}

static blk_status_t virtblk_result(u8 status)
{
	switch (status) {
	case VIRTIO_BLK_S_OK:
		return BLK_STS_OK;
	case VIRTIO_BLK_S_UNSUPP:
		return BLK_STS_NOTSUPP;
	default:
		return BLK_STS_IOERR;
	}
}

static void virtblk_poll(struct gendisk *disk)
{
	struct virtio_blk *vblk = disk->private_data;
	struct virtblk_slot *slot;
	unsigned int len;

	while ((slot = virtqueue_get_buf(vblk->vq, &len))) {
		struct request *rq = slot->rq;
		u8 status = READ_ONCE(vblk->cmds[rq->tag].status);

		if (slot->nr_segs)
			dma_unmap_sg(&vblk->vdev->dev, slot->data_sg, (int)slot->nr_segs,
				     data_dir(rq));
		slot->rq = NULL;
		blk_mq_end_request(disk, rq, virtblk_result(status));
	}
}

static const struct block_device_operations virtblk_fops = {
	.submit = virtblk_submit,
	.poll = virtblk_poll,
};

/* Linux's virtblk_name_format(): vda ... vdz, vdaa ... */
static void virtblk_name(char *buf, size_t size, unsigned int index)
{
	char letters[8];
	int n = 0;

	do {
		letters[n++] = (char)('a' + index % 26);
		index = index / 26;
	} while (index-- && n < (int)sizeof(letters));
	buf[0] = 'v';
	buf[1] = 'd';
	for (int i = 0; i < n && 2 + i + 1 < (int)size; i++)
		buf[2 + i] = letters[n - 1 - i];
	buf[2 + n < (int)size ? 2 + n : (int)size - 1] = '\0';
}

/* Reads the segment limits the device gives; sets max_sectors from them. */
static void read_limits(struct virtio_blk *vblk)
{
	struct virtio_device *vdev = vblk->vdev;
	u64 max_bytes;

	vblk->seg_size = VIRTBLK_MAX_SECTORS * SECTOR_SIZE;
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_SIZE_MAX)) {
		u32 size_max = virtio_cread32(vdev, VIRTIO_BLK_CFG_SIZE_MAX);

		/* At least a sector, so that every request can be split. */
		if (size_max >= SECTOR_SIZE && size_max < vblk->seg_size)
			vblk->seg_size = size_max & ~(SECTOR_SIZE - 1);
	}
	vblk->max_segs = 1;	/* the spec's default without SEG_MAX */
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_SEG_MAX)) {
		u32 seg_max = virtio_cread32(vdev, VIRTIO_BLK_CFG_SEG_MAX);

		vblk->max_segs = seg_max < 1 ? 1 : seg_max > VIRTBLK_MAX_SEGS ?
				 VIRTBLK_MAX_SEGS : seg_max;
	}
	max_bytes = (u64)vblk->seg_size * vblk->max_segs;
	vblk->disk.max_sectors = max_bytes / SECTOR_SIZE < VIRTBLK_MAX_SECTORS ?
				 (unsigned int)(max_bytes / SECTOR_SIZE) : VIRTBLK_MAX_SECTORS;
}

/*
 * Sets up the tags: as many as the queue holds requests of the most
 * segments, at most VIRTBLK_MAX_TAGS. Returns 0 or -ENOMEM.
 */
static int alloc_tags(struct virtio_blk *vblk)
{
	unsigned int segs = (vblk->disk.max_sectors * SECTOR_SIZE + vblk->seg_size - 1) /
			    vblk->seg_size;
	unsigned int tags = virtqueue_get_vring_size(vblk->vq) / (segs + 2);

	vblk->nr_tags = tags > VIRTBLK_MAX_TAGS ? VIRTBLK_MAX_TAGS : tags ? tags : 1;
	vblk->slots = kcalloc(vblk->nr_tags, sizeof(*vblk->slots), GFP_KERNEL);
	if (vblk->slots)
		vblk->cmds = dma_alloc_coherent(&vblk->vdev->dev,
						vblk->nr_tags * sizeof(*vblk->cmds),
						&vblk->cmds_dma, GFP_KERNEL);
	return vblk->cmds ? 0 : -ENOMEM;
}

static int virtblk_probe(struct virtio_device *vdev)
{
	struct virtio_blk *vblk = kzalloc(sizeof(*vblk), GFP_KERNEL);
	struct gendisk *disk;
	int err = -ENOMEM;

	if (!vblk)
		return -ENOMEM;
	vblk->vdev = vdev;
	disk = &vblk->disk;
	vblk->vq = virtio_find_vq(vdev, 0, VIRTBLK_QUEUE_SIZE, "requests");
	if (!vblk->vq) {
		err = -EIO;
		goto fail;
	}
	read_limits(vblk);
	if (alloc_tags(vblk))
		goto fail_vq;
	virtblk_name(disk->disk_name, sizeof(disk->disk_name), virtblk_disks);
	disk->major = VIRTBLK_MAJOR;
	disk->first_minor = (int)(virtblk_disks << VIRTBLK_PART_BITS);
	disk->capacity = virtio_cread64(vdev, VIRTIO_BLK_CFG_CAPACITY);
	disk->node = dev_to_node(&vdev->dev);
	disk->driver = "virtio_blk";
	disk->queue_depth = vblk->nr_tags;
	disk->read_only = virtio_has_feature(vdev, VIRTIO_BLK_F_RO);
	disk->write_cache = virtio_has_feature(vdev, VIRTIO_BLK_F_FLUSH);
	disk->fops = &virtblk_fops;
	disk->private_data = vblk;
	vdev->priv = vblk;
	virtio_device_ready(vdev);
	err = add_disk(disk);
	if (err)
		goto fail_tags;
	virtblk_disks++;
	pr_info("virtio%u: [%s] %s interface at %#llx, node %d, queue of %u, %u in flight, %u sectors a request%s%s\n",
		vdev->index, disk->disk_name, vdev->version == 1 ? "legacy" : "modern",
		(unsigned long long)vdev->phys, disk->node,
		virtqueue_get_vring_size(vblk->vq), disk->queue_depth, disk->max_sectors,
		disk->write_cache ? ", write cache (flush)" : "",
		disk->read_only ? ", read-only" : "");
	return 0;

fail_tags:
	dma_free_coherent(&vdev->dev, vblk->nr_tags * sizeof(*vblk->cmds), vblk->cmds,
			  vblk->cmds_dma);
fail_vq:
	virtio_reset_device(vdev);
	vring_del_virtqueue(vblk->vq);
fail:
	kfree(vblk->slots);
	kfree(vblk);
	return err;
}

static const unsigned int features[] = {
	VIRTIO_BLK_F_SIZE_MAX, VIRTIO_BLK_F_SEG_MAX, VIRTIO_BLK_F_RO,
	VIRTIO_BLK_F_FLUSH,
};

const struct virtio_driver virtio_blk_driver = {
	.name = "virtio_blk",
	.device_id = VIRTIO_ID_BLOCK,
	.feature_table = features,
	.feature_table_size = ARRAY_SIZE(features),
	.probe = virtblk_probe,
};
