/* SPDX-License-Identifier: MIT */
/* asm/csr.h - supervisor CSRs and their bits (RISC-V privileged spec 1.12). */
#ifndef TERN_ASM_CSR_H
#define TERN_ASM_CSR_H

#define SR_SIE (1UL << 1)
#define SR_SPIE (1UL << 5)
#define SR_SPP (1UL << 8)
#define SR_SUM (1UL << 18)
#define SR_FS (3UL << 13)

#define IRQ_S_SOFT 1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT 9
#define SIE_SSIE (1UL << IRQ_S_SOFT)
#define SIE_STIE (1UL << IRQ_S_TIMER)
#define SIE_SEIE (1UL << IRQ_S_EXT)
#define CAUSE_IRQ_FLAG (1UL << 63)

#define EXC_INST_MISALIGNED 0
#define EXC_INST_ACCESS 1
#define EXC_ILLEGAL_INST 2
#define EXC_BREAKPOINT 3
#define EXC_LOAD_MISALIGNED 4
#define EXC_LOAD_ACCESS 5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS 7
#define EXC_ECALL_U 8
#define EXC_ECALL_S 9
#define EXC_INST_PAGE_FAULT 12
#define EXC_LOAD_PAGE_FAULT 13
#define EXC_STORE_PAGE_FAULT 15

#define SATP_MODE_SV39 (8UL << 60)
#define SATP_MODE_SV48 (9UL << 60)
#define SATP_MODE_SV57 (10UL << 60)

#ifndef __ASSEMBLER__
#define csr_read(csr)                                          \
	({                                                     \
		unsigned long __v;                             \
		__asm__ volatile("csrr %0, " #csr : "=r"(__v)  \
				 :                             \
				 : "memory");                  \
		__v;                                           \
	})
#define csr_write(csr, val)                                            \
	__asm__ volatile("csrw " #csr ", %0" ::"rK"((unsigned long)(val)) \
			 : "memory")
#define csr_set(csr, val)                                              \
	__asm__ volatile("csrs " #csr ", %0" ::"rK"((unsigned long)(val)) \
			 : "memory")
#define csr_clear(csr, val)                                            \
	__asm__ volatile("csrc " #csr ", %0" ::"rK"((unsigned long)(val)) \
			 : "memory")
#define csr_read_clear(csr, val)                                        \
	({                                                              \
		unsigned long __v;                                      \
		__asm__ volatile("csrrc %0, " #csr ", %1"               \
				 : "=r"(__v)                            \
				 : "rK"((unsigned long)(val))           \
				 : "memory");                           \
		__v;                                                    \
	})
#endif

#endif
