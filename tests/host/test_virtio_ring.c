// SPDX-License-Identifier: MIT
/*
 * DOC: test_virtio_ring - the split virtqueue against a model device
 *
 * drivers/virtio/virtio_ring.c, unmodified, over arch/host and the real
 * page allocator and DMA layer, under ASan and UBSan. The test plays the
 * device: it reads the available ring only up to the index the driver
 * published, walks each chain it finds and compares it with what the
 * driver added, and completes chains in a random order with random
 * lengths. Thousands of random adds, kicks and completions check that
 * every token comes back once with its length, that no descriptor is
 * lost or shared (free count and chains add up to the queue size), that
 * a full queue refuses and recovers, and that nothing is visible before
 * the kick.
 */
#include "tests/host/mm_host.h"
#include "drivers/virtio/virtio.h"
#include "drivers/virtio/virtio_ring.h"
#include "kernel/dma/mapping.h"
#include "mm/vmalloc.h"

#define QUEUE_SIZE 16
#define MAX_TOKENS 64
#define MAX_LISTS 4
#define MAX_ENTRIES 2
#define STEPS 20000

static const struct mm_machine machine = {
	.nr_nodes = 1,
	.memory = { { 0x80000000ULL, 64 * MIB, 0 } },
	.nr_memory = 1,
};

/* The DMA layer's of_dma_configure() would read it; no device here has a node. */
const void *boot_dtb(void)
{
	return NULL;
}

/* What the driver added for one token, and what the device does with it. */
struct chain {
	bool added, seen, done;
	unsigned int head, nr_out, nr_in, len;
	struct scatterlist lists[MAX_LISTS][MAX_ENTRIES];
	unsigned int nr_entries[MAX_LISTS];
};

static struct chain chains[MAX_TOKENS];
static unsigned int device_avail;	/* avail entries the device has read */
static unsigned int kicks;
static u64 rng = 0x9e3779b97f4a7c15ULL;

static unsigned int next_random(unsigned int bound)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned int)(rng % bound);
}

static bool count_kick(struct virtqueue *vq)
{
	kicks++;
	return true;
}

static unsigned int chain_descs(const struct chain *c)
{
	unsigned int n = 0;

	for (unsigned int l = 0; l < c->nr_out + c->nr_in; l++)
		n += c->nr_entries[l];
	return n;
}

/* Builds random lists for token @t and adds them; Returns the result. */
static int add_random(struct virtqueue *vq, unsigned int t)
{
	struct chain *c = &chains[t];
	struct scatterlist *sgs[MAX_LISTS];
	int err;

	c->nr_out = next_random(3);
	c->nr_in = next_random(MAX_LISTS - c->nr_out);
	if (!c->nr_out && !c->nr_in)
		c->nr_out = 1;
	for (unsigned int l = 0; l < c->nr_out + c->nr_in; l++) {
		c->nr_entries[l] = 1 + next_random(MAX_ENTRIES);
		sg_init_table(c->lists[l], c->nr_entries[l]);
		for (unsigned int e = 0; e < c->nr_entries[l]; e++) {
			c->lists[l][e].dma_address = ((u64)t << 20) | (l << 8) | e;
			c->lists[l][e].dma_length = 1 + next_random(4096);
		}
		sgs[l] = c->lists[l];
	}
	c->head = vq->free_head;
	err = virtqueue_add_sgs(vq, sgs, c->nr_out, c->nr_in, &chains[t], 0);
	c->added = !err;
	c->seen = c->done = false;
	return err;
}

/* The device: reads newly published chains and checks each against the model. */
static void device_read_avail(struct virtqueue *vq)
{
	u16 idx = __atomic_load_n(&vq->vring.avail->idx, __ATOMIC_ACQUIRE);

	for (; device_avail != idx; device_avail = (u16)(device_avail + 1)) {
		unsigned int head = vq->vring.avail->ring[device_avail % QUEUE_SIZE], d = head;
		struct chain *c = NULL;

		for (unsigned int t = 0; t < MAX_TOKENS; t++)
			if (chains[t].added && !chains[t].seen && chains[t].head == head)
				c = &chains[t];
		CHECK(c != NULL);
		if (!c)
			return;
		c->seen = true;
		for (unsigned int l = 0; l < c->nr_out + c->nr_in; l++)
			for (unsigned int e = 0; e < c->nr_entries[l]; e++) {
				struct vring_desc *desc = &vq->vring.desc[d];
				bool last = l + 1 == c->nr_out + c->nr_in && e + 1 == c->nr_entries[l];

				CHECK_EQ(desc->addr, c->lists[l][e].dma_address);
				CHECK_EQ(desc->len, c->lists[l][e].dma_length);
				CHECK_EQ(!!(desc->flags & VRING_DESC_F_WRITE), l >= c->nr_out);
				CHECK_EQ(!!(desc->flags & VRING_DESC_F_NEXT), !last);
				d = desc->next;
			}
	}
}

/* The device finishes a random chain it has seen; Returns it, or NULL. */
static struct chain *device_complete(struct virtqueue *vq)
{
	unsigned int start = next_random(MAX_TOKENS);
	struct vring_used *used = vq->vring.used;

	for (unsigned int i = 0; i < MAX_TOKENS; i++) {
		struct chain *c = &chains[(start + i) % MAX_TOKENS];

		if (c->added && c->seen && !c->done) {
			c->done = true;
			c->len = next_random(1 << 16);
			used->ring[used->idx % QUEUE_SIZE] = (struct vring_used_elem){ c->head, c->len };
			__atomic_store_n(&used->idx, (u16)(used->idx + 1), __ATOMIC_RELEASE);
			return c;
		}
	}
	return NULL;
}

/* Free descriptors plus those of every chain in flight make the queue. */
static void check_descriptors_add_up(struct virtqueue *vq)
{
	unsigned int held = 0;

	for (unsigned int t = 0; t < MAX_TOKENS; t++)
		if (chains[t].added)
			held += chain_descs(&chains[t]);
	CHECK_EQ(vq->num_free + held, QUEUE_SIZE);
}

static struct virtqueue *boot_queue(struct virtio_device *vdev)
{
	mm_boot(&machine);
	slab_init();
	vmalloc_init();
	device_initialize(&vdev->dev, "test-virtio");
	CHECK_EQ(dma_set_mask_and_coherent(&vdev->dev, DMA_BIT_MASK(64)), 0);
	return vring_create_virtqueue(0, QUEUE_SIZE, VIRTIO_LEGACY_VRING_ALIGN, vdev,
				      count_kick, "test");
}

static void random_traffic(void)
{
	static struct virtio_device vdev;
	struct virtqueue *vq = boot_queue(&vdev);
	unsigned long returned = 0, refused = 0, added = 0;
	unsigned int pending_kick = 0;
	struct chain *c;

	CHECK(vq != NULL);
	if (!vq)
		return;
	for (unsigned int step = 0; step < STEPS; step++) {
		unsigned int action = next_random(4), t = next_random(MAX_TOKENS);
		unsigned int len;
		void *token;

		if (action == 0 && !chains[t].added) {
			unsigned int before = vq->num_free;
			int err = add_random(vq, t);

			if (chain_descs(&chains[t]) > before) {
				CHECK_EQ(err, -ENOSPC);
				CHECK_EQ(vq->num_free, before);
				refused++;
			} else {
				CHECK_EQ(err, 0);
				added++;
				pending_kick++;
			}
		} else if (action == 1) {
			u16 published = vq->vring.avail->idx;

			device_read_avail(vq);	/* nothing new before the kick */
			CHECK_EQ(vq->vring.avail->idx, published);
			CHECK(virtqueue_kick(vq));
			CHECK_EQ((u16)(vq->vring.avail->idx - published), pending_kick);
			pending_kick = 0;
			device_read_avail(vq);
		} else if (action == 2 && (c = device_complete(vq))) {
			token = virtqueue_get_buf(vq, &len);
			CHECK(token == c);
			CHECK_EQ(len, c->len);
			c->added = false;
			returned++;
		} else if (action == 3) {
			CHECK(virtqueue_get_buf(vq, &len) == NULL);
		}
		check_descriptors_add_up(vq);
	}
	/* Drain: everything added comes back once. */
	virtqueue_kick(vq);
	device_read_avail(vq);
	while ((c = device_complete(vq))) {
		unsigned int len;

		CHECK(virtqueue_get_buf(vq, &len) == c);
		c->added = false;
		returned++;
	}
	CHECK_EQ(returned, added);
	CHECK_EQ(vq->num_free, QUEUE_SIZE);
	CHECK(refused > 0);	/* the full queue was met */
	CHECK(!vq->broken);
	printf("# %lu chains added and returned, %lu refused on a full queue, %u kicks\n",
	       added, refused, kicks);
	vring_del_virtqueue(vq);
}

static void bogus_used_entry_breaks(void)
{
	static struct virtio_device vdev;
	struct virtqueue *vq = boot_queue(&vdev);
	struct vring_used *used;
	unsigned int len;

	CHECK(vq != NULL);
	if (!vq)
		return;
	used = vq->vring.used;
	CHECK_EQ(add_random(vq, 0), 0);
	virtqueue_kick(vq);
	used->ring[0] = (struct vring_used_elem){ QUEUE_SIZE + 3, 0 };	/* out of range */
	__atomic_store_n(&used->idx, 1, __ATOMIC_RELEASE);
	CHECK(virtqueue_get_buf(vq, &len) == NULL);
	CHECK(vq->broken);
	CHECK(log_contains("which is not in flight"));
	CHECK(!virtqueue_kick(vq));
	CHECK_EQ(add_random(vq, 1), -EIO);
	vring_del_virtqueue(vq);
}

int main(void)
{
	ktap_plan(2);
	RUN_FORKED(random_traffic);
	RUN_FORKED(bogus_used_entry_breaks);
	return ktap_done();
}
