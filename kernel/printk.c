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
 * Timestamps. Every line printk starts gets Linux's "[    0.012345] ",
 * seconds since the kernel started (local_clock()), taken once per message
 * under the lock so the log reads in time order. A message that does not
 * end in a newline leaves its line open: the next message from the same
 * hart continues it without a prefix (pr_cont). A message from another
 * hart, or from a trap that interrupted printing, ends the open line first,
 * as Linux ends a continuation when someone else prints, so no line ever
 * holds two harts' text.
 *
 * A fault while printing (a bad UART mapping on a new board) lands in the
 * trap handler, which prints the report: the lock remembers which hart
 * holds it, and that hart's nested messages go out without it rather than
 * spinning on its own ticket forever.
 *
 * The log buffer is a static ring of the last LOG_BUF_SIZE bytes, exactly
 * as they went to the consoles: dmesg prints it, host tests assert on it
 * that bad input was reported. It is only touched under printk_lock.
 */
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/time.h"
#include "lib/printf.h"
#include "lib/string.h"

#define PRINTK_LINE_MAX 512

bool printk_time = true;

/* Guards the consoles, log_buf and its indices, and the open-line state. */
static DEFINE_SPINLOCK(printk_lock);
static int printk_owner = -1;	/* cpu holding printk_lock, or -1 */
static struct console *consoles;
static char log_buf[LOG_BUF_SIZE];
static size_t log_head;		/* next byte to write, modulo LOG_BUF_SIZE */
static size_t log_len;		/* bytes held, at most LOG_BUF_SIZE */
/* The ring has overwritten text, and the last byte lost was not '\n'. */
static bool log_lost_mid_line;
static bool line_open;		/* the last message did not end its line */
static int line_owner = -1;	/* the cpu whose message left it open */

/* Appends @len bytes to the log ring, overwriting the oldest once full. */
static void log_store(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (log_len == LOG_BUF_SIZE)
			log_lost_mid_line = log_buf[log_head] != '\n';
		else
			log_len++;
		log_buf[log_head] = s[i];
		log_head = (log_head + 1) % LOG_BUF_SIZE;
	}
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

size_t printk_format_time(char *buf, size_t size, u64 ns)
{
	/* Linux's print_time(): microseconds are cut, never rounded up. */
	return scnprintf(buf, size, "[%5lu.%06lu] ",
			 (unsigned long)(ns / 1000000000ULL),
			 (unsigned long)(ns % 1000000000ULL / 1000));
}

/* Logs and prints @len bytes of a message; this hart holds printk_lock. */
static void emit(const char *s, size_t len)
{
	log_store(s, len);
	consoles_write(s, len);
}

/*
 * Emits one formatted message from @cpu, a timestamp at the start of each
 * of its lines; @nested when it interrupted this hart's own printing.
 * Called with printk_lock held (or, @nested, owned by this hart).
 */
static void emit_message(const char *s, size_t len, int cpu, bool nested)
{
	char prefix[PRINTK_TIME_MAX];
	size_t prefix_len = 0;

	if (!len)
		return;
	if (line_open && (line_owner != cpu || nested)) {
		emit("\n", 1);
		line_open = false;
	}
	if (printk_time)
		prefix_len = printk_format_time(prefix, sizeof(prefix),
						local_clock());
	while (len) {
		const char *newline = memchr(s, '\n', len);
		size_t piece = newline ? (size_t)(newline - s) + 1 : len;

		if (!line_open)
			emit(prefix, prefix_len);
		emit(s, piece);
		line_open = !newline;
		s += piece;
		len -= piece;
	}
	line_owner = cpu;
}

/**
 * vprintk() - log one message and write it to every console.
 * @fmt: printf format, optionally led by a KERN_* level, which is dropped.
 * @ap: the arguments @fmt asks for.
 *
 * Longer messages are cut to PRINTK_LINE_MAX - 1 bytes. Each line the
 * message starts gets the timestamp prefix (unless printk_time is off).
 * Return: the number of bytes of the message, without its level and
 * the timestamps.
 */
int vprintk(const char *fmt, va_list ap)
{
	char line[PRINTK_LINE_MAX];
	unsigned long flags;
	int len, skip = 0;
	bool locked;

	len = vscnprintf(line, sizeof(line), fmt, ap);
	/*
	 * The level is dropped from the formatted text, as Linux does, so
	 * that a level passed as an argument (printk("%s...", loglvl)) goes
	 * too; Linux also allows several in a row.
	 */
	while (len - skip >= 2 && line[skip] == KERN_SOH[0])
		skip += 2;

	locked = printk_lock_irqsave(&flags);
	emit_message(line + skip, len - skip, printk_cpu(), !locked);
	printk_unlock_irqrestore(locked, flags);
	return len - skip;
}

/**
 * printk() - log one message and write it to every console.
 * @fmt: as for vprintk(), followed by its arguments.
 *
 * Return: as for vprintk().
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

/* Returns the byte @i bytes before the newest one (0: the newest). */
static char log_byte_back(size_t i)
{
	return log_buf[(log_head + 2 * LOG_BUF_SIZE - 1 - i) % LOG_BUF_SIZE];
}

/*
 * Copies the newest bytes of the log that fit @size into @buf (@size > 0),
 * NUL-terminated; with @whole_lines, drops the first line if its start is
 * not in the copy. Returns the length copied.
 */
static size_t log_copy(char *buf, size_t size, bool whole_lines)
{
	unsigned long flags;
	size_t n, skip = 0;
	bool locked;

	locked = printk_lock_irqsave(&flags);
	n = min(log_len, size - 1);
	if (whole_lines && (n < log_len ? log_byte_back(n) != '\n'
					 : log_lost_mid_line)) {
		while (skip < n && log_byte_back(n - 1 - skip) != '\n')
			skip++;
		skip = min(skip + 1, n);	/* the '\n' goes too */
	}
	for (size_t i = skip; i < n; i++)
		buf[i - skip] = log_byte_back(n - 1 - i);
	buf[n - skip] = '\0';
	printk_unlock_irqrestore(locked, flags);
	return n - skip;
}

size_t log_buf_read(char *buf, size_t size)
{
	return size ? log_copy(buf, size, false) : 0;
}

size_t log_buf_read_lines(char *buf, size_t size)
{
	return size ? log_copy(buf, size, true) : 0;
}

void log_buf_clear(void)
{
	unsigned long flags;
	bool locked = printk_lock_irqsave(&flags);

	log_len = 0;
	log_lost_mid_line = false;
	printk_unlock_irqrestore(locked, flags);
}
