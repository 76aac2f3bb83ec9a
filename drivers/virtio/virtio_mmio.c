// SPDX-License-Identifier: MIT
/*
 * DOC: virtio-mmio transport
 *
 * virtio-mmio (virtio 1.x spec, 4.2) puts a device's registers at the
 * reg of a "virtio,mmio" DT node; QEMU's virt machine has eight such
 * slots, most of them empty (device ID 0). Both register layouts are
 * driven:
 *
 * - version 2, the modern interface (QEMU with
 *   `-global virtio-mmio.force-legacy=false`, what `make run DISK=` gives):
 *   64 feature bits, FEATURES_OK, each queue part at its own address;
 * - version 1, the legacy interface (QEMU's default, and so U-Boot's boot
 *   disk): 32 feature bits, no FEATURES_OK, one page-aligned queue given
 *   by its page number (QueuePFN).
 *
 * No interrupts: the PLIC QEMU 7.2 wires virtio-mmio to under -numa does
 * not reach S-mode (DESIGN.md), so drivers poll their used rings.
 */
#define pr_fmt(fmt) "virtio-mmio: " fmt

#include "drivers/virtio/virtio.h"
#include "kernel/errno.h"
#include "kernel/fdt/fdt.h"
#include "kernel/printk.h"
#include "kernel/setup.h"
#include "lib/printf.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"
#include <asm/io.h>
#include <asm/page.h>

#define VIRTIO_MMIO_MAGIC_VALUE 0x000
#define VIRTIO_MMIO_VERSION 0x004
#define VIRTIO_MMIO_DEVICE_ID 0x008
#define VIRTIO_MMIO_VENDOR_ID 0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES 0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES 0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_GUEST_PAGE_SIZE 0x028	/* legacy */
#define VIRTIO_MMIO_QUEUE_SEL 0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX 0x034
#define VIRTIO_MMIO_QUEUE_NUM 0x038
#define VIRTIO_MMIO_QUEUE_ALIGN 0x03c	/* legacy */
#define VIRTIO_MMIO_QUEUE_PFN 0x040	/* legacy */
#define VIRTIO_MMIO_QUEUE_READY 0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY 0x050
#define VIRTIO_MMIO_STATUS 0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW 0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH 0x084
#define VIRTIO_MMIO_QUEUE_AVAIL_LOW 0x090
#define VIRTIO_MMIO_QUEUE_AVAIL_HIGH 0x094
#define VIRTIO_MMIO_QUEUE_USED_LOW 0x0a0
#define VIRTIO_MMIO_QUEUE_USED_HIGH 0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION 0x0fc
#define VIRTIO_MMIO_CONFIG 0x100

#define VIRTIO_MMIO_MAGIC 0x74726976	/* "virt", little-endian */

/* Spins of virtio_reset_device() waiting for the status to read 0. */
#define VIRTIO_RESET_SPINS 1000000

extern const struct virtio_driver virtio_blk_driver;

/* Every virtio driver, by device ID. */
static const struct virtio_driver *const virtio_drivers[] = {
	&virtio_blk_driver,
};

static unsigned int virtio_devices;	/* numbers handed out so far */

static u32 vm_read(struct virtio_device *vdev, unsigned int reg)
{
	return readl((char *)vdev->base + reg);
}

static void vm_write(struct virtio_device *vdev, unsigned int reg, u32 value)
{
	writel(value, (char *)vdev->base + reg);
}

static void add_status(struct virtio_device *vdev, u32 bits)
{
	vm_write(vdev, VIRTIO_MMIO_STATUS, vm_read(vdev, VIRTIO_MMIO_STATUS) | bits);
}

void virtio_reset_device(struct virtio_device *vdev)
{
	vm_write(vdev, VIRTIO_MMIO_STATUS, 0);
	for (unsigned int i = 0; i < VIRTIO_RESET_SPINS; i++)
		if (!vm_read(vdev, VIRTIO_MMIO_STATUS))
			return;
	pr_err("%s: still not reset\n", dev_name(&vdev->dev));
}

void virtio_device_ready(struct virtio_device *vdev)
{
	add_status(vdev, VIRTIO_CONFIG_S_DRIVER_OK);
}

u32 virtio_cread32(struct virtio_device *vdev, unsigned int offset)
{
	return vm_read(vdev, VIRTIO_MMIO_CONFIG + offset);
}

u64 virtio_cread64(struct virtio_device *vdev, unsigned int offset)
{
	u32 generation, lo, hi;

	do {
		/* The legacy interface has no generation counter. */
		generation = vdev->version == 1 ? 0 :
			     vm_read(vdev, VIRTIO_MMIO_CONFIG_GENERATION);
		lo = virtio_cread32(vdev, offset);
		hi = virtio_cread32(vdev, offset + 4);
	} while (vdev->version != 1 &&
		 generation != vm_read(vdev, VIRTIO_MMIO_CONFIG_GENERATION));
	return ((u64)hi << 32) | lo;
}

static bool vm_notify(struct virtqueue *vq)
{
	vm_write(vq->vdev, VIRTIO_MMIO_QUEUE_NOTIFY, vq->index);
	return true;
}

/* Tells the device where @vq's parts are and turns it on. */
static int vm_activate_queue(struct virtio_device *vdev, struct virtqueue *vq)
{
	unsigned long long pfn = virtqueue_get_desc_addr(vq) >> PAGE_SHIFT;

	vm_write(vdev, VIRTIO_MMIO_QUEUE_NUM, virtqueue_get_vring_size(vq));
	if (vdev->version == 1) {
		if (pfn >> 32) {
			pr_err("%s: queue at %#llx is beyond the legacy interface's reach\n",
			       dev_name(&vdev->dev), (unsigned long long)vq->queue_dma);
			return -E2BIG;
		}
		vm_write(vdev, VIRTIO_MMIO_QUEUE_ALIGN, VIRTIO_LEGACY_VRING_ALIGN);
		vm_write(vdev, VIRTIO_MMIO_QUEUE_PFN, (u32)pfn);
		return 0;
	}
	vm_write(vdev, VIRTIO_MMIO_QUEUE_DESC_LOW, (u32)virtqueue_get_desc_addr(vq));
	vm_write(vdev, VIRTIO_MMIO_QUEUE_DESC_HIGH, (u32)(virtqueue_get_desc_addr(vq) >> 32));
	vm_write(vdev, VIRTIO_MMIO_QUEUE_AVAIL_LOW, (u32)virtqueue_get_avail_addr(vq));
	vm_write(vdev, VIRTIO_MMIO_QUEUE_AVAIL_HIGH, (u32)(virtqueue_get_avail_addr(vq) >> 32));
	vm_write(vdev, VIRTIO_MMIO_QUEUE_USED_LOW, (u32)virtqueue_get_used_addr(vq));
	vm_write(vdev, VIRTIO_MMIO_QUEUE_USED_HIGH, (u32)(virtqueue_get_used_addr(vq) >> 32));
	vm_write(vdev, VIRTIO_MMIO_QUEUE_READY, 1);
	return 0;
}

struct virtqueue *virtio_find_vq(struct virtio_device *vdev, unsigned int index,
				 unsigned int max_num, const char *name)
{
	struct virtqueue *vq;
	u32 num_max, num = 1;

	vm_write(vdev, VIRTIO_MMIO_QUEUE_SEL, index);
	if (vm_read(vdev, vdev->version == 1 ? VIRTIO_MMIO_QUEUE_PFN :
						VIRTIO_MMIO_QUEUE_READY)) {
		pr_err("%s: queue %u is in use already\n", dev_name(&vdev->dev), index);
		return NULL;
	}
	num_max = vm_read(vdev, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (!num_max || num_max > VIRTQUEUE_MAX_SIZE) {
		pr_err("%s: bad virtqueue size %u for queue %u (from 1 to %u)\n",
		       dev_name(&vdev->dev), num_max, index, VIRTQUEUE_MAX_SIZE);
		return NULL;
	}
	while (num * 2 <= num_max && num * 2 <= max_num)
		num *= 2;
	vq = vring_create_virtqueue(index, num, VIRTIO_LEGACY_VRING_ALIGN, vdev,
				    vm_notify, name);
	if (vq && vm_activate_queue(vdev, vq)) {
		vring_del_virtqueue(vq);
		vq = NULL;
	}
	return vq;
}

/* Returns the features the device offers: 64 bits, or 32 on legacy. */
static u64 vm_get_features(struct virtio_device *vdev)
{
	u64 features;

	vm_write(vdev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	features = vm_read(vdev, VIRTIO_MMIO_DEVICE_FEATURES);
	if (vdev->version != 1) {
		vm_write(vdev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
		features |= (u64)vm_read(vdev, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	}
	return features;
}

/*
 * Agrees on the features @drv and the device both know, as Linux's
 * virtio_dev_probe() with the transport's finalize_features(). Returns 0,
 * or -EIO (logged) if the device refuses them.
 */
static int vm_negotiate(struct virtio_device *vdev, const struct virtio_driver *drv)
{
	u64 offered = vm_get_features(vdev), wanted = 0;

	for (unsigned int i = 0; i < drv->feature_table_size; i++)
		wanted |= 1ULL << drv->feature_table[i];
	if (vdev->version != 1) {
		if (!(offered & (1ULL << VIRTIO_F_VERSION_1))) {
			pr_err("%s: modern interface without VIRTIO_F_VERSION_1: features %#llx refused\n",
			       dev_name(&vdev->dev), (unsigned long long)offered);
			return -EIO;
		}
		/* tern maps every buffer through the DMA API anyway. */
		wanted |= (1ULL << VIRTIO_F_VERSION_1) | (1ULL << VIRTIO_F_ACCESS_PLATFORM);
	}
	vdev->features = offered & wanted;
	vm_write(vdev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vm_write(vdev, VIRTIO_MMIO_DRIVER_FEATURES, (u32)vdev->features);
	if (vdev->version == 1)
		return 0;
	vm_write(vdev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	vm_write(vdev, VIRTIO_MMIO_DRIVER_FEATURES, (u32)(vdev->features >> 32));
	add_status(vdev, VIRTIO_CONFIG_S_FEATURES_OK);
	if (!(vm_read(vdev, VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK)) {
		pr_err("%s: feature negotiation failed: the device did not accept features %#llx\n",
		       dev_name(&vdev->dev), (unsigned long long)vdev->features);
		return -EIO;
	}
	return 0;
}

/* Returns the driver for device ID @id, or NULL. */
static const struct virtio_driver *find_driver(u32 id)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(virtio_drivers); i++)
		if (virtio_drivers[i]->device_id == id)
			return virtio_drivers[i];
	return NULL;
}

/*
 * The masks Linux's virtio_mmio sets: 64 bits, but the legacy queue's
 * page number is 32 bits. Returns 0 or -EIO (logged by the DMA layer).
 */
static int vm_set_dma_masks(struct virtio_device *vdev)
{
	if (vdev->version != 1)
		return dma_set_mask_and_coherent(&vdev->dev, DMA_BIT_MASK(64));
	if (dma_set_mask(&vdev->dev, DMA_BIT_MASK(64)))
		return -EIO;
	return dma_set_coherent_mask(&vdev->dev, DMA_BIT_MASK(32 + PAGE_SHIFT));
}

int virtio_mmio_probe_at(struct virtio_device *vdev, void *base)
{
	const struct virtio_driver *drv;
	int err;

	vdev->base = base;
	if (vm_read(vdev, VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MMIO_MAGIC) {
		pr_err("%s: no virtio-mmio magic (%#x)\n", dev_name(&vdev->dev),
		       vm_read(vdev, VIRTIO_MMIO_MAGIC_VALUE));
		return -ENODEV;
	}
	vdev->version = vm_read(vdev, VIRTIO_MMIO_VERSION);
	if (vdev->version != 1 && vdev->version != 2) {
		pr_err("%s: version %u not supported (1 legacy, 2 modern)\n",
		       dev_name(&vdev->dev), vdev->version);
		return -EINVAL;
	}
	vdev->id = vm_read(vdev, VIRTIO_MMIO_DEVICE_ID);
	if (!vdev->id)
		return -ENODEV;	/* an empty slot */
	vdev->vendor = vm_read(vdev, VIRTIO_MMIO_VENDOR_ID);
	drv = find_driver(vdev->id);
	if (!drv) {
		pr_info("%s: device ID %u: no driver\n", dev_name(&vdev->dev), vdev->id);
		return -ENODEV;
	}
	err = vm_set_dma_masks(vdev);
	if (err)
		return err;
	virtio_reset_device(vdev);
	if (vdev->version == 1)
		vm_write(vdev, VIRTIO_MMIO_GUEST_PAGE_SIZE, PAGE_SIZE);
	add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	add_status(vdev, VIRTIO_CONFIG_S_DRIVER);
	err = vm_negotiate(vdev, drv);
	if (!err) {
		vdev->index = virtio_devices++;
		err = drv->probe(vdev);
	}
	if (err) {
		add_status(vdev, VIRTIO_CONFIG_S_FAILED);
		pr_err("%s: %s: device skipped (error %d)\n", dev_name(&vdev->dev),
		       drv->name, err);
	}
	return err;
}

/* Probes the slot at DT node @node; Returns 0 if a driver took it. */
static int probe_node(const void *dtb, int node)
{
	struct virtio_device *vdev;
	const char *why = "no reg property";
	struct dt_reg reg;
	u64 base, size;
	void *regs;
	int err;

	if (dt_reg_init(dtb, node, "reg", &reg, &why) ||
	    dt_reg_entry(&reg, 0, &base, &size) || size < VIRTIO_MMIO_CONFIG) {
		pr_err("%s: bad reg (%s)\n", dt_node_name(dtb, node, NULL),
		       size < VIRTIO_MMIO_CONFIG ? "too small" : why);
		return -EINVAL;
	}
	vdev = kzalloc(sizeof(*vdev), GFP_KERNEL);
	regs = vdev ? ioremap(base, size) : NULL;
	if (!regs) {
		kfree(vdev);
		return -ENOMEM;
	}
	vdev->phys = base;
	err = of_dma_configure(&vdev->dev, node, true);
	if (!err)
		err = virtio_mmio_probe_at(vdev, regs);
	if (err) {
		iounmap(regs);
		kfree(vdev);
	}
	return err;
}

int virtio_mmio_init(void)
{
	const void *dtb = boot_dtb();
	int found = 0;

	for (int node = dt_next_compatible(dtb, -1, "virtio,mmio"); node >= 0;
	     node = dt_next_compatible(dtb, node, "virtio,mmio"))
		if (dt_node_is_available(dtb, node) && !probe_node(dtb, node))
			found++;
	return found;
}
