/* SPDX-License-Identifier: MIT */
/*
 * drivers/virtio/virtio_ring.h - split virtqueues (virtio 1.x, 2.7).
 *
 * DOC: split virtqueue
 *
 * A virtqueue is three arrays in memory the driver and the device share,
 * laid out as the virtio spec's split ring (and Linux's vring_init()):
 *
 * - the descriptor table (struct vring_desc): @num buffers, each a bus
 *   address, a length and flags (NEXT chains descriptors into one
 *   request, WRITE marks a buffer the device writes);
 * - the available ring (struct vring_avail), written by the driver: the
 *   heads of the chains it offers, and idx, how many it has offered;
 * - the used ring (struct vring_used), written by the device: the heads
 *   of the chains it has finished with the bytes it wrote, and its idx.
 *
 * The memory comes from dma_alloc_coherent(), in one piece laid out for
 * the legacy interface too (the used ring on its own aligned page), so
 * one layout serves both. Buffers are *premapped*, as Linux's
 * virtqueue_set_dma_premapped() queues: the driver maps them with
 * dma_map_sg() / dma_map_single() and virtqueue_add_sgs() takes their
 * sg_dma_address() and sg_dma_len(); the driver unmaps them once
 * virtqueue_get_buf() has handed its token back.
 *
 * tern has no sleeping and no interrupts for devices yet, so a queue is
 * polled: the device is asked not to interrupt (VRING_AVAIL_F_NO_INTERRUPT)
 * and the driver calls virtqueue_get_buf() until its buffer is back.
 * Callers serialise their calls on one queue (virtio_blk holds its lock).
 */
#ifndef TERN_DRIVERS_VIRTIO_VIRTIO_RING_H
#define TERN_DRIVERS_VIRTIO_VIRTIO_RING_H

#include "kernel/dma/mapping.h"
#include "kernel/types.h"

#define VRING_DESC_F_NEXT 1	/* the chain goes on at .next */
#define VRING_DESC_F_WRITE 2	/* the device writes this buffer */

#define VRING_AVAIL_F_NO_INTERRUPT 1	/* the driver polls: no interrupts */

/* The legacy interface's alignment of the used ring (QueueAlign). */
#define VIRTIO_LEGACY_VRING_ALIGN 4096

/* The spec's limit on a split queue's size. */
#define VIRTQUEUE_MAX_SIZE 32768

/* One buffer of the descriptor table; little-endian, as on riscv. */
struct vring_desc {
	u64 addr;
	u32 len;
	u16 flags;
	u16 next;
};

struct vring_avail {
	u16 flags;
	u16 idx;
	u16 ring[];
};

/* One finished chain: its head and the bytes the device wrote into it. */
struct vring_used_elem {
	u32 id;
	u32 len;
};

struct vring_used {
	u16 flags;
	u16 idx;
	struct vring_used_elem ring[];
};

/**
 * struct vring - where the three parts of a split queue lie.
 * @num: descriptors (a power of two).
 * @desc: the descriptor table.
 * @avail: the available ring.
 * @used: the used ring.
 */
struct vring {
	unsigned int num;
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
};

struct virtio_device;
struct virtqueue;

/* How a transport tells the device that buffers were added. */
typedef bool (*vq_notify_fn)(struct virtqueue *vq);

/**
 * struct virtqueue - one split queue and the driver's view of it.
 * @vdev: its device.
 * @index: its number on the device (QueueSel).
 * @name: for messages.
 * @num_free: descriptors not in any chain.
 * @vring: the shared memory.
 * @notify: the transport's kick.
 * @dma_dev: the device the ring memory was allocated for.
 * @queue: the CPU's address of the ring memory.
 * @queue_dma: its bus address.
 * @queue_size: its bytes.
 * @free_head: first descriptor of the free list (chained by .next).
 * @avail_idx_shadow: the driver's copy of avail->idx.
 * @num_added: chains added since the last kick.
 * @last_used_idx: used->idx up to which the driver has taken buffers.
 * @broken: the device returned something impossible; no more use.
 * @data: each chain's token, by head descriptor; NULL while free.
 * @chain_len: descriptors in each chain, by head.
 */
struct virtqueue {
	struct virtio_device *vdev;
	unsigned int index;
	const char *name;
	unsigned int num_free;
	struct vring vring;
	vq_notify_fn notify;
	struct device *dma_dev;
	void *queue;
	dma_addr_t queue_dma;
	size_t queue_size;
	u16 free_head;
	u16 avail_idx_shadow;
	u16 num_added;
	u16 last_used_idx;
	bool broken;
	void **data;
	u16 *chain_len;
};

/**
 * vring_size() - bytes of a split queue of @num descriptors laid out with
 *	the used ring aligned to @align (a power of two), as the spec's
 *	legacy layout and Linux's vring_size().
 * Return: the bytes.
 */
size_t vring_size(unsigned int num, unsigned long align);

/**
 * vring_create_virtqueue() - allocate and set up a split queue.
 * @index: the queue's number on the device.
 * @num: descriptors: a power of two from 1 to VIRTQUEUE_MAX_SIZE.
 * @vring_align: alignment of the used ring (VIRTIO_LEGACY_VRING_ALIGN).
 * @vdev: the device; the memory comes from dma_alloc_coherent() on
 *	@vdev->dev (its node, its mask).
 * @notify: the transport's kick.
 * @name: for messages; must stay valid.
 *
 * The queue starts empty with interrupts suppressed (the driver polls).
 * Return: the queue, or NULL (logged) for a bad @num or no memory.
 */
struct virtqueue *vring_create_virtqueue(unsigned int index, unsigned int num,
					 unsigned long vring_align,
					 struct virtio_device *vdev,
					 vq_notify_fn notify, const char *name);

/**
 * vring_del_virtqueue() - free a queue; the device must be reset first, so
 * that it no longer reads or writes the ring memory.
 */
void vring_del_virtqueue(struct virtqueue *vq);

/**
 * virtqueue_add_sgs() - offer one request (a chain of buffers) to the device.
 * @vq: the queue.
 * @sgs: @out_sgs lists the device reads, then @in_sgs lists it writes;
 *	every entry mapped already (sg_dma_address(), sg_dma_len()), each
 *	list ended by sg_mark_end().
 * @out_sgs: lists the device reads.
 * @in_sgs: lists the device writes.
 * @data: the token virtqueue_get_buf() returns for it; not NULL.
 * @gfp: unused (tern's chains need no memory); kept for the signature.
 *
 * The device does not see the request until virtqueue_kick().
 * Return: 0; -ENOSPC if the free descriptors are too few (take finished
 * buffers back and try again); -EINVAL for no buffers, a NULL @data or a
 * broken queue (-EIO).
 */
int virtqueue_add_sgs(struct virtqueue *vq, struct scatterlist *sgs[],
		      unsigned int out_sgs, unsigned int in_sgs, void *data,
		      gfp_t gfp);

/**
 * virtqueue_kick() - publish the chains added since the last kick and
 *	tell the device about them.
 * Return: false if the transport could not notify (the queue is then
 * broken), else true.
 */
bool virtqueue_kick(struct virtqueue *vq);

/**
 * virtqueue_get_buf() - take back one chain the device has finished.
 * @vq: the queue.
 * @len: set to the bytes the device wrote into the chain.
 *
 * Polls: returns at once when nothing is finished. A used entry that
 * names no chain in flight (a device bug) is reported and breaks the
 * queue.
 * Return: the chain's token as given to virtqueue_add_sgs(), or NULL.
 */
void *virtqueue_get_buf(struct virtqueue *vq, unsigned int *len);

/* Return: the queue's size in descriptors. */
static inline unsigned int virtqueue_get_vring_size(const struct virtqueue *vq)
{
	return vq->vring.num;
}

/* Return: the bus addresses of the three parts, for the transport. */
dma_addr_t virtqueue_get_desc_addr(const struct virtqueue *vq);
dma_addr_t virtqueue_get_avail_addr(const struct virtqueue *vq);
dma_addr_t virtqueue_get_used_addr(const struct virtqueue *vq);

#endif
