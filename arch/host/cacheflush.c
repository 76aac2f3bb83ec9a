// SPDX-License-Identifier: MIT
/*
 * DOC: host cache-block operations - a log instead of a cache
 *
 * The DMA layer's cache maintenance (kernel/dma/noncoherent.c) runs
 * unmodified on the host; each block operation lands here. One log for
 * the process, under a lock: the tests that read it run one case a
 * process.
 */
#include <pthread.h>

#include <asm/cacheflush.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static struct host_cbo_record log_records[HOST_CBO_LOG_SIZE];
static unsigned int log_count;

void host_cbo_record(enum host_cbo_op op, const void *addr)
{
	pthread_mutex_lock(&log_lock);
	if (log_count < HOST_CBO_LOG_SIZE)
		log_records[log_count] = (struct host_cbo_record){ op, (unsigned long)addr };
	log_count++;
	pthread_mutex_unlock(&log_lock);
}

void host_cbo_log_reset(void)
{
	pthread_mutex_lock(&log_lock);
	log_count = 0;
	pthread_mutex_unlock(&log_lock);
}

unsigned int host_cbo_log(const struct host_cbo_record **records)
{
	*records = log_records;
	return log_count < HOST_CBO_LOG_SIZE ? log_count : HOST_CBO_LOG_SIZE;
}
