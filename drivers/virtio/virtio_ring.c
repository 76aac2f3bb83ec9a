// SPDX-License-Identifier: MIT
/*
 * DOC: split virtqueues, polled
 *
 * The driver side of the virtio spec's split ring (virtio_ring.h has the
 * layout). Free descriptors form a list through their .next fields; a
 * request takes as many as it has buffers, chained in order, and its
 * head goes into the available ring. virtqueue_kick() publishes the new
 * avail->idx after the ring entries (dma_wmb(): the device must not see
 * the index before what it counts) and notifies; virtqueue_get_buf()
 * reads used->idx, then the used entries (dma_rmb(): not before the
 * index that says they are there), and puts each finished chain back on
 * the free list. Nothing here takes a lock or waits.
 */
#define pr_fmt(fmt) "virtio_ring: " fmt

#include "drivers/virtio/virtio.h"
#include "drivers/virtio/virtio_ring.h"
#include "kernel/printk.h"
#include "mm/slab.h"
#include <asm/barrier.h>

/* The device does not want to be notified (VIRTIO_F_EVENT_IDX off). */
#define VRING_USED_F_NO_NOTIFY 1

/* Bytes of the descriptor table and the available ring (with used_event). */
static size_t vring_driver_part(unsigned int num)
{
	return sizeof(struct vring_desc) * num + sizeof(u16) * (3 + num);
}

size_t vring_size(unsigned int num, unsigned long align)
{
	return ALIGN_UP(vring_driver_part(num), align) +
	       sizeof(u16) * 3 + sizeof(struct vring_used_elem) * num;
}

/* Points @vr's parts into @p, laid out as vring_size() counts them. */
static void vring_init(struct vring *vr, unsigned int num, void *p,
		       unsigned long align)
{
	vr->num = num;
	vr->desc = p;
	vr->avail = (struct vring_avail *)((char *)p + sizeof(struct vring_desc) * num);
	vr->used = (struct vring_used *)((char *)p +
					 ALIGN_UP(vring_driver_part(num), align));
}

struct virtqueue *vring_create_virtqueue(unsigned int index, unsigned int num,
					 unsigned long vring_align,
					 struct virtio_device *vdev,
					 vq_notify_fn notify, const char *name)
{
	struct virtqueue *vq;

	if (!num || num > VIRTQUEUE_MAX_SIZE || (num & (num - 1))) {
		pr_err("%s: %s: bad queue size %u\n", dev_name(&vdev->dev), name, num);
		return NULL;
	}
	vq = kzalloc(sizeof(*vq), GFP_KERNEL);
	if (!vq)
		return NULL;
	vq->data = kcalloc(num, sizeof(*vq->data), GFP_KERNEL);
	vq->chain_len = kcalloc(num, sizeof(*vq->chain_len), GFP_KERNEL);
	vq->queue_size = vring_size(num, vring_align);
	vq->dma_dev = &vdev->dev;
	if (vq->data && vq->chain_len)
		vq->queue = dma_alloc_coherent(vq->dma_dev, vq->queue_size,
					       &vq->queue_dma, GFP_KERNEL);
	if (!vq->queue) {
		pr_err("%s: %s: no memory for a queue of %u\n", dev_name(&vdev->dev),
		       name, num);
		kfree(vq->data);
		kfree(vq->chain_len);
		kfree(vq);
		return NULL;
	}
	vq->vdev = vdev;
	vq->index = index;
	vq->name = name;
	vq->notify = notify;
	vq->num_free = num;
	vring_init(&vq->vring, num, vq->queue, vring_align);
	for (unsigned int i = 0; i + 1 < num; i++)
		vq->vring.desc[i].next = (u16)(i + 1);
	/* Polled: the device need not interrupt (Linux's virtqueue_disable_cb). */
	vq->vring.avail->flags = VRING_AVAIL_F_NO_INTERRUPT;
	return vq;
}

void vring_del_virtqueue(struct virtqueue *vq)
{
	dma_free_coherent(vq->dma_dev, vq->queue_size, vq->queue, vq->queue_dma);
	kfree(vq->data);
	kfree(vq->chain_len);
	kfree(vq);
}

/* Returns the entries of the list @sg (up to its end mark). */
static unsigned int sg_count(struct scatterlist *sg)
{
	unsigned int n = 0;

	for (; sg; sg = sg_next(sg))
		n++;
	return n;
}

int virtqueue_add_sgs(struct virtqueue *vq, struct scatterlist *sgs[],
		      unsigned int out_sgs, unsigned int in_sgs, void *data,
		      gfp_t gfp)
{
	struct vring_desc *desc = vq->vring.desc;
	unsigned int total = 0, head = vq->free_head, i = head, prev = head;

	if (vq->broken)
		return -EIO;
	for (unsigned int n = 0; n < out_sgs + in_sgs; n++)
		total += sg_count(sgs[n]);
	if (!total || !data)
		return -EINVAL;
	if (total > vq->num_free)
		return -ENOSPC;
	for (unsigned int n = 0; n < out_sgs + in_sgs; n++) {
		for (struct scatterlist *sg = sgs[n]; sg; sg = sg_next(sg)) {
			desc[i].addr = sg_dma_address(sg);
			desc[i].len = sg_dma_len(sg);
			desc[i].flags = VRING_DESC_F_NEXT |
					(n >= out_sgs ? VRING_DESC_F_WRITE : 0);
			prev = i;
			i = desc[i].next;
		}
	}
	desc[prev].flags &= (u16)~VRING_DESC_F_NEXT;
	vq->free_head = (u16)i;
	vq->num_free -= total;
	vq->data[head] = data;
	vq->chain_len[head] = (u16)total;
	vq->vring.avail->ring[vq->avail_idx_shadow & (vq->vring.num - 1)] = (u16)head;
	vq->avail_idx_shadow++;
	vq->num_added++;
	return 0;
}

bool virtqueue_kick(struct virtqueue *vq)
{
	bool needed;

	if (vq->broken)
		return false;
	/* The ring entries and their descriptors before the index. */
	dma_wmb();
	WRITE_ONCE(vq->vring.avail->idx, vq->avail_idx_shadow);
	vq->num_added = 0;
	/* The new index before reading whether the device wants a kick. */
	smp_mb();
	needed = !(READ_ONCE(vq->vring.used->flags) & VRING_USED_F_NO_NOTIFY);
	if (needed && !vq->notify(vq)) {
		vq->broken = true;
		return false;
	}
	return true;
}

/* Returns true if the device has finished chains not yet taken back. */
static bool virtqueue_poll_used(struct virtqueue *vq)
{
	return !vq->broken && vq->last_used_idx != READ_ONCE(vq->vring.used->idx);
}

/* Puts the chain at @head back on the free list. */
static void detach_buf(struct virtqueue *vq, unsigned int head)
{
	unsigned int last = head;

	for (unsigned int k = 1; k < vq->chain_len[head]; k++)
		last = vq->vring.desc[last].next;
	vq->vring.desc[last].next = vq->free_head;
	vq->free_head = (u16)head;
	vq->num_free += vq->chain_len[head];
	vq->data[head] = NULL;
}

void *virtqueue_get_buf(struct virtqueue *vq, unsigned int *len)
{
	struct vring_used_elem *elem;
	unsigned int id;
	void *data;

	if (!virtqueue_poll_used(vq))
		return NULL;
	/* The entries only after the index that says they are there. */
	dma_rmb();
	elem = &vq->vring.used->ring[vq->last_used_idx & (vq->vring.num - 1)];
	id = READ_ONCE(elem->id);
	if (id >= vq->vring.num || !vq->data[id]) {
		pr_err("%s: %s: used entry %u names descriptor %u, which is not in flight\n",
		       dev_name(vq->dma_dev), vq->name, vq->last_used_idx, id);
		vq->broken = true;
		return NULL;
	}
	if (len)
		*len = READ_ONCE(elem->len);
	data = vq->data[id];
	detach_buf(vq, id);
	vq->last_used_idx++;
	return data;
}

dma_addr_t virtqueue_get_desc_addr(const struct virtqueue *vq)
{
	return vq->queue_dma;
}

dma_addr_t virtqueue_get_avail_addr(const struct virtqueue *vq)
{
	return vq->queue_dma + ((char *)vq->vring.avail - (char *)vq->queue);
}

dma_addr_t virtqueue_get_used_addr(const struct virtqueue *vq)
{
	return vq->queue_dma + ((char *)vq->vring.used - (char *)vq->queue);
}
