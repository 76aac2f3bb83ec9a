/* SPDX-License-Identifier: MIT */
/*
 * drivers/block/virtio_blk.h - a virtio disk's driver state, for the
 * tests that look at where its memory lies (virtio_blk.c has the driver).
 */
#ifndef TERN_DRIVERS_BLOCK_VIRTIO_BLK_H
#define TERN_DRIVERS_BLOCK_VIRTIO_BLK_H

#include "drivers/block/blkdev.h"
#include "drivers/virtio/virtio.h"

struct virtblk_cmd;
struct virtblk_slot;

/**
 * struct virtio_blk - one disk's driver state.
 * @vdev: the device.
 * @vq: its request queue.
 * @disk: the block layer's disk.
 * @cmds: headers and status bytes, a slot per tag (coherent).
 * @cmds_dma: their bus address.
 * @slots: the tags.
 * @nr_tags: entries of @slots and @cmds.
 * @seg_size: most bytes a segment may hold (size_max).
 * @max_segs: most data segments a request may have (seg_max).
 */
struct virtio_blk {
	struct virtio_device *vdev;
	struct virtqueue *vq;
	struct gendisk disk;
	struct virtblk_cmd *cmds;
	dma_addr_t cmds_dma;
	struct virtblk_slot *slots;
	unsigned int nr_tags;
	u32 seg_size;
	unsigned int max_segs;
};

/* Return: @disk's driver state; @disk must be a virtio_blk disk. */
static inline struct virtio_blk *disk_to_virtio_blk(struct gendisk *disk)
{
	return disk->private_data;
}

#endif
