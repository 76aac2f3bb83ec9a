// SPDX-License-Identifier: MIT
/*
 * DOC: SBI calls
 *
 * Thin wrappers over the ecall convention: a7 = extension id, a6 = function
 * id, arguments in a0..a5, error in a0 and value in a1 on return. The probe
 * results live in plain variables written once by the boot hart before any
 * other hart runs.
 */
#include <asm/sbi.h>

static bool has_dbcn, has_srst, has_hsm, has_rfence;
static unsigned long spec_version, impl_id, impl_version;

/**
 * sbi_ecall() - make one SBI call.
 * @ext: extension id (a7).
 * @fid: function id within @ext (a6).
 * @a0, @a1, @a2, @a3: the call's arguments; 0 where unused.
 *
 * Return: the firmware's error (SBI_SUCCESS or negative) and value.
 */
struct sbiret sbi_ecall(unsigned long ext, unsigned long fid,
			unsigned long a0, unsigned long a1, unsigned long a2,
			unsigned long a3)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r3 __asm__("a3") = a3;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = ext;

	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r6), "r"(r7)
			 : "memory");
	return (struct sbiret){ (long)r0, (long)r1 };
}

/* Returns true if the firmware implements extension @ext. */
static bool probe(unsigned long ext)
{
	struct sbiret ret = sbi_ecall(SBI_EXT_BASE, 3, ext, 0, 0, 0);

	return ret.error == SBI_SUCCESS && ret.value != 0;
}

void sbi_init(void)
{
	spec_version = sbi_ecall(SBI_EXT_BASE, 0, 0, 0, 0, 0).value;
	impl_id = sbi_ecall(SBI_EXT_BASE, 1, 0, 0, 0, 0).value;
	impl_version = sbi_ecall(SBI_EXT_BASE, 2, 0, 0, 0, 0).value;
	has_dbcn = probe(SBI_EXT_DBCN);
	has_srst = probe(SBI_EXT_SRST);
	has_hsm = probe(SBI_EXT_HSM);
	has_rfence = probe(SBI_EXT_RFENCE);
}

/* What sbi_init() found; fixed before any other hart runs, so no lock. */
bool sbi_has_dbcn(void) { return has_dbcn; }
bool sbi_has_srst(void) { return has_srst; }
bool sbi_has_hsm(void) { return has_hsm; }
bool sbi_has_rfence(void) { return has_rfence; }

unsigned long sbi_spec_version(void)
{
	return spec_version;
}

/**
 * sbi_impl_name() - name the firmware, for the boot log.
 *
 * Return: the spec's name for the implementation id sbi_init() read, or
 * "unknown" for an id newer than this table.
 */
const char *sbi_impl_name(void)
{
	static const char *const names[] = {
		"BBL", "OpenSBI", "Xvisor", "KVM", "RustSBI", "Diosix", "Coffer",
	};

	return impl_id < ARRAY_SIZE(names) ? names[impl_id] : "unknown";
}

/**
 * sbi_impl_version() - the firmware's own version, as sbi_init() read it.
 *
 * Return: the implementation-defined encoding (OpenSBI: major << 16 | minor).
 */
unsigned long sbi_impl_version(void)
{
	return impl_version;
}

/**
 * sbi_console_putchar() - write one byte to the firmware console.
 * @c: the byte, sent as is (no newline translation).
 *
 * Uses DBCN's write_byte where the firmware has it, since the legacy
 * putchar is deprecated by the spec; older firmware gets the legacy call.
 */
void sbi_console_putchar(char c)
{
	if (has_dbcn)
		sbi_ecall(SBI_EXT_DBCN, 2, (unsigned char)c, 0, 0, 0);
	else
		sbi_ecall(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)c, 0, 0, 0);
}

int sbi_console_getchar(void)
{
	long c = sbi_ecall(SBI_EXT_LEGACY_GETCHAR, 0, 0, 0, 0, 0).error;

	return c < 0 ? -1 : (int)c;
}

long sbi_debug_console_write(phys_addr_t pa, size_t len)
{
	struct sbiret ret = sbi_ecall(SBI_EXT_DBCN, 0, len, pa, 0, 0);

	return ret.error ? ret.error : ret.value;
}

void sbi_set_timer(u64 stime_value)
{
	sbi_ecall(SBI_EXT_TIME, 0, stime_value, 0, 0, 0);
}

long sbi_send_ipi(unsigned long hartid)
{
	return sbi_ecall(SBI_EXT_IPI, 0, 1, hartid, 0, 0).error;
}

long sbi_hart_get_status(unsigned long hartid)
{
	struct sbiret ret = sbi_ecall(SBI_EXT_HSM, 2, hartid, 0, 0, 0);

	return ret.error ? ret.error : ret.value;
}

long sbi_hart_start(unsigned long hartid, phys_addr_t start, unsigned long opaque)
{
	return sbi_ecall(SBI_EXT_HSM, 0, hartid, start, opaque, 0).error;
}

long sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long hart_mask_base,
			   unsigned long start, unsigned long size)
{
	return sbi_ecall(SBI_EXT_RFENCE, 1, hart_mask, hart_mask_base, start,
			 size).error;
}
