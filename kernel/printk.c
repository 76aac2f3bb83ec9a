// SPDX-License-Identifier: MIT
/*
 * DOC: printk
 *
 * One message at a time: the message is formatted into a buffer on the
 * caller's stack, then written to the consoles under printk_lock so lines
 * from eight harts never interleave mid-line. The level prefix (KERN_*) is
 * stripped and the text printed as given, whatever the level (callers
 * write "error:" or "warning:" themselves where it helps).
 *
 * A fault while printing (a bad UART mapping on a new board) lands in the
 * trap handler, which prints the report: the lock remembers which hart
 * holds it, and that hart's nested messages go out without it rather than
 * spinning on its own ticket forever.
 *
 * The log buffer keeps the last LOG_BUF_SIZE bytes for the host tests,
 * which assert that bad input was reported, and for a later dmesg.
 */
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "lib/printf.h"
#include "lib/string.h"

#define PRINTK_LINE_MAX 512

static DEFINE_SPINLOCK(printk_lock);	/* guards the consoles and log_buf */
static int printk_owner = -1;	/* cpu holding printk_lock, or -1 */
static struct console *consoles;
static char log_buf[LOG_BUF_SIZE];
static size_t log_head;		/* next byte to write, modulo LOG_BUF_SIZE */
static size_t log_len;		/* bytes held, at most LOG_BUF_SIZE */

/* Appends @len bytes to the log ring, overwriting the oldest once full. */
static void log_store(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		log_buf[log_head] = s[i];
		log_head = (log_head + 1) % LOG_BUF_SIZE;
	}
	log_len = min(log_len + len, (size_t)LOG_BUF_SIZE);
}

/* Returns this hart's cpu number, or -1 where harts are not set up yet. */
static int printk_cpu(void)
{
	struct hart *h = this_hart();

	return h ? (int)h->cpu : -1;
}

/*
 * Takes printk_lock with interrupts off; Returns false (lock not taken)
 * when this hart already holds it, i.e. when printing from a trap that
 * interrupted printing.
 */
static bool printk_lock_irqsave(unsigned long *flags)
{
	int cpu = printk_cpu();

	*flags = arch_local_irq_save();
	if (cpu >= 0 && READ_ONCE(printk_owner) == cpu)
		return false;
	spin_lock(&printk_lock);
	WRITE_ONCE(printk_owner, cpu);
	return true;
}

/* Undoes printk_lock_irqsave(): unlocks only if @locked; restores irqs. */
static void printk_unlock_irqrestore(bool locked, unsigned long flags)
{
	if (locked) {
		WRITE_ONCE(printk_owner, -1);
		spin_unlock(&printk_lock);
	}
	arch_local_irq_restore(flags);
}

/* Writes @len bytes to every registered console; this hart holds printk_lock. */
static void consoles_write(const char *s, size_t len)
{
	for (struct console *con = consoles; con; con = con->next)
		con->write(con, s, len);
}

/**
 * register_console() - start sending output to @con.
 * @con: the console; it must stay valid forever.
 * @replace_early: drop the consoles registered before (the SBI console
 *	once the UART works), so each line is printed once.
 */
void register_console(struct console *con, bool replace_early)
{
	unsigned long flags;
	bool locked = printk_lock_irqsave(&flags);

	if (replace_early)
		consoles = NULL;
	con->next = consoles;
	consoles = con;
	printk_unlock_irqrestore(locked, flags);
}

void console_write(const char *s, size_t len)
{
	unsigned long flags;
	bool locked = printk_lock_irqsave(&flags);

	consoles_write(s, len);
	printk_unlock_irqrestore(locked, flags);
}

/* Returns the next byte from the newest console that has input, or -1. */
int console_getc(void)
{
	for (struct console *con = consoles; con; con = con->next)
		if (con->getc)
			return con->getc(con);
	return -1;
}

/**
 * vprintk() - log one message and write it to every console.
 * @fmt: printf format, optionally led by a KERN_* level, which is dropped.
 * @ap: the arguments @fmt asks for.
 *
 * Longer messages are cut to PRINTK_LINE_MAX - 1 bytes.
 * Return: the number of bytes logged and printed.
 */
int vprintk(const char *fmt, va_list ap)
{
	char line[PRINTK_LINE_MAX];
	unsigned long flags;
	bool locked;
	int len;

	if (fmt[0] == KERN_SOH[0] && fmt[1])
		fmt += 2;
	len = vscnprintf(line, sizeof(line), fmt, ap);

	locked = printk_lock_irqsave(&flags);
	log_store(line, len);
	consoles_write(line, len);
	printk_unlock_irqrestore(locked, flags);
	return len;
}

/**
 * printk() - log one message and write it to every console.
 * @fmt: as for vprintk(), followed by its arguments.
 *
 * Return: the number of bytes logged and printed.
 */
int printk(const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vprintk(fmt, ap);
	va_end(ap);
	return len;
}

size_t log_buf_read(char *buf, size_t size)
{
	unsigned long flags;
	size_t n, start;
	bool locked;

	if (!size)
		return 0;
	locked = printk_lock_irqsave(&flags);
	n = min(log_len, size - 1);
	start = (log_head + LOG_BUF_SIZE - n) % LOG_BUF_SIZE;
	for (size_t i = 0; i < n; i++)
		buf[i] = log_buf[(start + i) % LOG_BUF_SIZE];
	buf[n] = '\0';
	printk_unlock_irqrestore(locked, flags);
	return n;
}

void log_buf_clear(void)
{
	unsigned long flags;
	bool locked = printk_lock_irqsave(&flags);

	log_len = 0;
	printk_unlock_irqrestore(locked, flags);
}
