// SPDX-License-Identifier: MIT
/*
 * DOC: the console's blk command
 *
 * blk lists the disks; blk read streams sectors through the driver and
 * prints the zlib CRC-32 of the bytes, which a host can compare with its
 * own of the image file; blk fill writes a byte pattern and flushes.
 * Both keep as many requests in flight as the disk takes (up to
 * blk_stream()'s limit). docs/console.md has the examples.
 */
#include "drivers/block/blkdev.h"
#include "kernel/blk_commands.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/shell.h"
#include "lib/crc32.h"
#include "lib/string.h"

#define BLK_USAGE "blk [read DEV SECTOR COUNT | fill DEV SECTOR COUNT BYTE]"

/* Requests blk read and fill keep in flight (blk_stream() clamps it). */
#define BLK_COMMAND_DEPTH 32

static void list_disks(void)
{
	struct gendisk *disk;

	shell_printf("NAME          SECTORS NODE DRIVER       DEPTH\n");
	for (unsigned int i = 0; (disk = blk_disk_at(i)); i++)
		shell_printf("%-8s %12llu %4d %-12s %5u%s\n", disk->disk_name,
		       (unsigned long long)disk->capacity, disk->node, disk->driver,
		       disk->queue_depth, disk->read_only ? " ro" : "");
}

/* Returns the value of 1 or 2 hex digits (0x allowed) at @s, or -1. */
static int parse_hex_byte(const char *s)
{
	int value = 0, digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s; s++, digits++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' :
			*s >= 'a' && *s <= 'f' ? *s - 'a' + 10 :
			*s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : -1;

		if (d < 0 || digits == 2)
			return -1;
		value = value * 16 + d;
	}
	return digits ? value : -1;
}

static int crc_chunk(void *arg, sector_t sector, void *buf, unsigned int nr_sectors)
{
	u32 *crc = arg;

	*crc = crc32_zlib(*crc, buf, (size_t)nr_sectors * SECTOR_SIZE);
	return 0;
}

static int fill_chunk(void *arg, sector_t sector, void *buf, unsigned int nr_sectors)
{
	memset(buf, *(int *)arg, (size_t)nr_sectors * SECTOR_SIZE);
	return 0;
}

/* Says why a transfer failed. */
static int transfer_failed(struct gendisk *disk, const char *what, int err)
{
	pr_err("blk: %s: %s failed: error %d%s\n", disk->disk_name, what, err,
	       err == -EIO ? " (I/O error from the device)" :
	       err == -EOPNOTSUPP ? " (the device does not support it)" :
	       err == -EROFS ? " (read-only disk)" :
	       err == -ETIMEDOUT ? " (the device did not answer)" :
	       err == -ENOMEM ? " (no memory for the buffers)" : "");
	return SHELL_FAILED;
}

static int cmd_blk(int argc, char **argv)
{
	unsigned long sector, count;
	struct gendisk *disk;
	int byte = 0, err;

	if (argc == 1) {
		list_disks();
		return SHELL_OK;
	}
	if (!((!strcmp(argv[1], "read") && argc == 5) ||
	      (!strcmp(argv[1], "fill") && argc == 6)) ||
	    parse_ulong(argv[3], 0, &sector) || parse_ulong(argv[4], 0, &count) ||
	    !count || (argc == 6 && (byte = parse_hex_byte(argv[5])) < 0))
		return SHELL_USAGE;
	disk = blk_find_disk(argv[2]);
	if (!disk) {
		pr_err("blk: no disk named '%s' (blk lists them)\n", argv[2]);
		return SHELL_FAILED;
	}
	if (sector >= disk->capacity || count > disk->capacity - sector) {
		pr_err("blk: %s: sectors %lu to %lu are beyond its end (%llu sectors)\n",
		       disk->disk_name, sector, sector + count - 1,
		       (unsigned long long)disk->capacity);
		return SHELL_FAILED;
	}
	if (argc == 5) {
		u32 crc = 0;

		err = blk_stream(disk, REQ_OP_READ, sector, count, BLK_COMMAND_DEPTH,
				 crc_chunk, &crc);
		if (err)
			return transfer_failed(disk, "read", err);
		shell_printf("crc32=%08x\n", crc);
		return SHELL_OK;
	}
	if (disk->read_only)
		return transfer_failed(disk, "fill", -EROFS);
	err = blk_stream(disk, REQ_OP_WRITE, sector, count, BLK_COMMAND_DEPTH,
			 fill_chunk, &byte);
	if (err)
		return transfer_failed(disk, "fill", err);
	err = blk_status_to_errno(blkdev_issue_flush(disk));
	if (err)
		return transfer_failed(disk, "flush", err);
	shell_printf("%s: wrote %lu sector%s of 0x%02x from sector %lu, flushed\n",
		     disk->disk_name, count, count == 1 ? "" : "s", byte, sector);
	return SHELL_OK;
}

void blk_commands_init(void)
{
	shell_register_command("blk", BLK_USAGE,
			       "list the block devices; read sectors (prints their zlib CRC-32), or fill them with a byte and flush",
			       cmd_blk);
}
