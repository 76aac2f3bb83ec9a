/* SPDX-License-Identifier: MIT */
/*
 * drivers/virtio/virtio.h - virtio devices and their drivers.
 *
 * DOC: virtio devices
 *
 * A virtio device (virtio 1.x spec) is found by its transport, here only
 * virtio-mmio (virtio_mmio.c): one "virtio,mmio" node of the DT each.
 * The transport resets it, says ACKNOWLEDGE and DRIVER, negotiates
 * features with the driver for its device ID (the features both offer;
 * VIRTIO_F_VERSION_1 on the modern interface), and calls the driver's
 * probe(), which reads its configuration with virtio_cread*(), sets up
 * its queues with virtio_find_vq() and ends with virtio_device_ready().
 * The names are Linux's (include/linux/virtio*.h).
 */
#ifndef TERN_DRIVERS_VIRTIO_VIRTIO_H
#define TERN_DRIVERS_VIRTIO_VIRTIO_H

#include "drivers/virtio/virtio_ring.h"
#include "kernel/device.h"
#include "kernel/types.h"

/* Device status bits (spec 2.1). */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE 1
#define VIRTIO_CONFIG_S_DRIVER 2
#define VIRTIO_CONFIG_S_DRIVER_OK 4
#define VIRTIO_CONFIG_S_FEATURES_OK 8
#define VIRTIO_CONFIG_S_NEEDS_RESET 0x40
#define VIRTIO_CONFIG_S_FAILED 0x80

/* Feature bits of every device type (spec 6). */
#define VIRTIO_F_VERSION_1 32
#define VIRTIO_F_ACCESS_PLATFORM 33

/* Device IDs (spec 5). */
#define VIRTIO_ID_BLOCK 2

/**
 * struct virtio_device - one device, as its transport found it.
 * @dev: the DMA view of it, set up from its DT node (of_dma_configure()).
 * @index: its number in probe order (virtio0, virtio1, ...).
 * @id: the device ID (VIRTIO_ID_BLOCK, ...).
 * @vendor: the vendor ID.
 * @features: the negotiated features, bit n for feature n.
 * @base: its registers (ioremap()).
 * @phys: their physical address, for messages.
 * @version: 1 for the legacy interface, 2 for the modern one.
 * @priv: the driver's.
 */
struct virtio_device {
	struct device dev;
	unsigned int index;
	u32 id;
	u32 vendor;
	u64 features;
	void *base;
	phys_addr_t phys;
	u32 version;
	void *priv;
};

/**
 * struct virtio_driver - a driver for one device ID.
 * @name: for messages and the block layer's listing ("virtio_blk").
 * @device_id: the ID it drives.
 * @feature_table: the feature bits it knows; the transport accepts those
 *	the device offers too (plus the transport's own).
 * @feature_table_size: entries in @feature_table.
 * @probe: sets the device up; Returns 0 or -errno (the transport then
 *	resets the device and marks it FAILED).
 */
struct virtio_driver {
	const char *name;
	u32 device_id;
	const unsigned int *feature_table;
	unsigned int feature_table_size;
	int (*probe)(struct virtio_device *vdev);
};

/* Returns true if feature @fbit was negotiated for @vdev. */
static inline bool virtio_has_feature(const struct virtio_device *vdev,
				      unsigned int fbit)
{
	return fbit < 64 && (vdev->features & (1ULL << fbit));
}

/*
 * Read the device-specific configuration at byte @offset. The 64-bit
 * read is repeated until the generation counter says it was not torn.
 */
u32 virtio_cread32(struct virtio_device *vdev, unsigned int offset);
u64 virtio_cread64(struct virtio_device *vdev, unsigned int offset);

/**
 * virtio_find_vq() - set up queue @index with up to @max_num descriptors.
 * @vdev: the device, during its driver's probe().
 * @index: the queue's number.
 * @max_num: most descriptors the driver wants (a power of two); the
 *	queue gets the largest power of two at most this and the device's
 *	QueueNumMax.
 * @name: for messages.
 *
 * A device that offers no such queue, or a size of 0, is reported ("bad
 * virtqueue size").
 * Return: the queue, or NULL (logged).
 */
struct virtqueue *virtio_find_vq(struct virtio_device *vdev, unsigned int index,
				 unsigned int max_num, const char *name);

/* Tells the device the driver is ready (DRIVER_OK); after its queues. */
void virtio_device_ready(struct virtio_device *vdev);

/*
 * Resets @vdev: it stops using its queues and forgets its features; the
 * transport waits until it reads back a status of 0.
 */
void virtio_reset_device(struct virtio_device *vdev);

/**
 * virtio_mmio_init() - probe every "virtio,mmio" node of the boot DT and
 *	start the driver of each device found (virtio_blk for disks).
 * Slots without a device (device ID 0) are skipped silently; a device
 * that is malformed, fails feature negotiation or reports a bad queue
 * size is reported and skipped; boot continues either way.
 * Return: the devices a driver took.
 */
int virtio_mmio_init(void);

/**
 * virtio_mmio_probe_at() - probe the virtio-mmio registers at @base as
 *	device @vdev (the node and DMA set up by the caller), for
 *	virtio_mmio_init() and the tests (which give a fake register block).
 * Return: 0 when a driver took it; -ENODEV for an empty slot, no
 * virtio-mmio magic or a device no driver is for; -EINVAL for an
 * unsupported version; -EIO for failed feature negotiation; or the
 * driver's error. Everything but an empty slot is logged.
 */
int virtio_mmio_probe_at(struct virtio_device *vdev, void *base);

#endif
