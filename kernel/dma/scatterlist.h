/* SPDX-License-Identifier: MIT */
/*
 * kernel/dma/scatterlist.h - Linux's scatterlist, for dma_map_sg().
 *
 * DOC: scatterlist
 *
 * An array of (page, offset, length) entries that dma_map_sg() gives bus
 * addresses. The layout and helpers are Linux's (page_link carries the
 * end marker in its low bits) minus chaining: a list is one array, its
 * last entry marked by sg_init_table() or sg_mark_end().
 */
#ifndef TERN_KERNEL_DMA_SCATTERLIST_H
#define TERN_KERNEL_DMA_SCATTERLIST_H

#include "kernel/device.h"
#include "lib/string.h"
#include "mm/page.h"

#define SG_END 0x02UL		/* Linux's bit: the list's last entry */
#define SG_PAGE_LINK_MASK 0x03UL

/**
 * struct scatterlist - one piece of a buffer.
 * @page_link: the struct page, with SG_END in the low bits.
 * @offset: where the piece starts in the page (may exceed PAGE_SIZE).
 * @length: its bytes.
 * @dma_address: set by dma_map_sg().
 * @dma_length: set by dma_map_sg(); 0 past the mapped entries.
 */
struct scatterlist {
	unsigned long page_link;
	unsigned int offset;
	unsigned int length;
	dma_addr_t dma_address;
	unsigned int dma_length;
};

#define sg_dma_address(sg) ((sg)->dma_address)
#define sg_dma_len(sg) ((sg)->dma_length)

/* Returns the page @sg points into. */
static inline struct page *sg_page(const struct scatterlist *sg)
{
	return (struct page *)(sg->page_link & ~SG_PAGE_LINK_MASK);
}

/* Returns true if @sg is the last entry of its list. */
static inline bool sg_is_last(const struct scatterlist *sg)
{
	return sg->page_link & SG_END;
}

/* Returns the entry after @sg, or NULL after the last one. */
static inline struct scatterlist *sg_next(struct scatterlist *sg)
{
	return sg_is_last(sg) ? NULL : sg + 1;
}

/* Iterates @sg over the first @nents entries of @sglist, with index @i. */
#define for_each_sg(sglist, sg, nents, i) \
	for ((i) = 0, (sg) = (sglist); (i) < (nents); (i)++, (sg) = sg_next(sg))

/* Makes @sg the last entry of its list. */
static inline void sg_mark_end(struct scatterlist *sg)
{
	sg->page_link |= SG_END;
}

/* Zeroes @nents entries at @sgl and marks the last one the end. */
static inline void sg_init_table(struct scatterlist *sgl, unsigned int nents)
{
	memset(sgl, 0, sizeof(*sgl) * nents);
	sg_mark_end(&sgl[nents - 1]);
}

/* Points @sg at @len bytes at @offset in @page, keeping its end mark. */
static inline void sg_set_page(struct scatterlist *sg, struct page *page,
			       unsigned int len, unsigned int offset)
{
	sg->page_link = (unsigned long)page | (sg->page_link & SG_END);
	sg->offset = offset;
	sg->length = len;
}

/*
 * Points @sg at @buflen bytes at @buf: a linear-map address, or the
 * kernel image's (virt_to_phys() takes both; virt_to_page() only the first).
 */
static inline void sg_set_buf(struct scatterlist *sg, const void *buf,
			      unsigned int buflen)
{
	sg_set_page(sg, pfn_to_page(virt_to_phys(buf) >> PAGE_SHIFT), buflen,
		    (unsigned long)buf & (PAGE_SIZE - 1));
}

/* Returns the linear-map address of @sg's first byte. */
static inline void *sg_virt(const struct scatterlist *sg)
{
	return (char *)page_address(sg_page(sg)) + sg->offset;
}

/* Returns the physical address of @sg's first byte. */
static inline phys_addr_t sg_phys(const struct scatterlist *sg)
{
	return page_to_phys(sg_page(sg)) + sg->offset;
}

#endif
