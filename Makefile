# tern - top-level build. See README.md; `make help` lists the targets.
#
#   make            build/qemu-virt/tern.elf and build/qemu-virt/Image
#                   (DEBUG=1: build/qemu-virt-debug/, with page poisoning)
#   make run        boot it on QEMU virt (SMP, NUMA, DTB, BOOT, ... below)
#   make test       host tests, then the QEMU boot matrix; ends "N passed, N failed"
#   make host       build/host/dtinfo, the host test binaries and fuzz targets
#   make bench      the benchmarks (tools/bench): bench lines, docs/perf.md's table
#   make stress     the stress suite on several machines, both kernels, and the
#                   TSan tests, repeatedly (tools/stress; STRESS_SECONDS=60 a boot)
#   make fuzz       each libFuzzer target for FUZZ_SECONDS=60 (tools/fuzz)
#   make clean      remove build/

BOARD   ?= qemu-virt
O       := build/$(BOARD)$(if $(filter 1,$(DEBUG)),-debug)
H       ?= build/host
CROSS   ?= riscv64-unknown-elf-
DEBUG   ?= 0

CC      := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
HOSTCC  ?= gcc

# ---------------------------------------------------------------- kernel ---
KERNEL_SRCS := $(wildcard arch/riscv/*.S arch/riscv/*.c kernel/*.c tests/kernel/*.c \
		tests/bench/*.c \
		kernel/fdt/*.c kernel/dma/*.c lib/*.c mm/*.c drivers/*.c drivers/*/*.c)
KERNEL_OBJS := $(patsubst %,$(O)/%.o,$(basename $(KERNEL_SRCS)))

KCFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
	-ffreestanding -nostdlib -fno-builtin -fno-common -fno-pie \
	-fno-stack-protector -fno-omit-frame-pointer -fno-strict-aliasing \
	-std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-I. -Iarch/riscv/include -MMD -MP -DTERN_DEBUG=$(DEBUG)
KASFLAGS := $(KCFLAGS) -D__ASSEMBLER__
KLDFLAGS := -nostdlib -static -no-pie -Wl,--no-relax -Wl,--build-id=none \
	-Wl,-T,arch/riscv/kernel.ld -Wl,--gc-sections

all: $(O)/Image

# V=1 shows the full commands.
Q := $(if $(V:0=),,@)
say = $(if $(Q),@printf '  %-7s %s\n' '$(1)' '$(2)')

# Two links for the symbol table (Linux's kallsyms; docs/boot.md): the
# first with an empty table, the second with the table of the first's text
# symbols. The table is last in .rodata, so the text cannot move; --verify
# fails the build (and removes tern.elf) if it did anyway.
KSYM_AS = $(CC) $(filter-out -MMD -MP,$(KASFLAGS)) -c -o $(1:.S=.o) $(1)
KSYM_LD = $(CC) $(KCFLAGS) $(KLDFLAGS) -o $(1) $(KERNEL_OBJS) $(2) -lgcc

$(O)/tern.elf: $(KERNEL_OBJS) arch/riscv/kernel.ld tools/kallsyms
	$(call say,KSYM,$(O)/.tmp_kallsyms0.S)
	$(Q)tools/kallsyms --empty > $(O)/.tmp_kallsyms0.S
	$(Q)$(call KSYM_AS,$(O)/.tmp_kallsyms0.S)
	$(call say,LD,$(O)/.tmp_tern.elf)
	$(Q)$(call KSYM_LD,$(O)/.tmp_tern.elf,$(O)/.tmp_kallsyms0.o)
	$(call say,KSYM,$(O)/.tmp_kallsyms1.S)
	$(Q)tools/kallsyms --nm $(CROSS)nm $(O)/.tmp_tern.elf > $(O)/.tmp_kallsyms1.S
	$(Q)$(call KSYM_AS,$(O)/.tmp_kallsyms1.S)
	$(call say,LD,$@)
	$(Q)$(call KSYM_LD,$@,$(O)/.tmp_kallsyms1.o)
	$(Q)tools/kallsyms --nm $(CROSS)nm --verify $(O)/.tmp_kallsyms1.S $@ || \
		{ rm -f $@; exit 1; }

$(O)/Image: $(O)/tern.elf
	$(call say,OBJCOPY,$@)
	$(Q)$(OBJCOPY) -O binary $< $@

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(KCFLAGS) -c -o $@ $<

$(O)/%.o: %.S
	@mkdir -p $(dir $@)
	$(call say,AS,$<)
	$(Q)$(CC) $(KASFLAGS) -c -o $@ $<

# ------------------------------------------------------------------ host ---
# The arch-independent kernel code, unmodified, over arch/host (pthreads as
# harts, an mmap'd arena as memory), under ASan and UBSan. A file belongs
# here when it includes nothing from arch/riscv.
PORTABLE_SRCS := kernel/printk.c $(wildcard kernel/fdt/*.c) lib/strscpy.c \
	lib/scnprintf.c lib/bitmap.c $(wildcard mm/*.c) kernel/smp.c kernel/spinlock.c kernel/time.c \
	$(wildcard kernel/vfs.c kernel/shell.c kernel/cmdline.c) kernel/fault_inject.c kernel/ratelimit.c \
	kernel/device.c $(wildcard kernel/dma/*.c) drivers/virtio/virtio_ring.c
HOST_SRCS := $(wildcard arch/host/*.c) $(PORTABLE_SRCS)
HOST_OBJS := $(patsubst %,$(H)/obj/%.o,$(basename $(HOST_SRCS)))
# tests/host/test_*_tsan.c are the threaded tests: built, with the whole
# library, under ThreadSanitizer (it cannot share a binary with ASan).
HOST_TEST_SRCS := $(wildcard tests/host/test_*.c)
HOST_TSAN_TEST_SRCS := $(filter %_tsan.c,$(HOST_TEST_SRCS))
HOST_TESTS := $(patsubst tests/host/%.c,$(H)/tests/%,\
	$(filter-out $(HOST_TSAN_TEST_SRCS),$(HOST_TEST_SRCS)))
HOST_TSAN_TESTS := $(patsubst tests/host/%.c,$(H)/tests/%,$(HOST_TSAN_TEST_SRCS))

HOST_BASE_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror \
	-Wno-unused-parameter -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined -I. -Iarch/host/include -DTERN_HOST \
	-MMD -MP
HCFLAGS := $(HOST_BASE_CFLAGS) -DTERN_DEBUG=1 -fsanitize=address,undefined
HLDFLAGS := -fsanitize=address,undefined -pthread
# UBSan combines with TSan; ASan does not. The threaded tests are built
# twice: against the release build (TERN_DEBUG=0, whose lock-free fast paths
# of the per-hart caches DEBUG=1 sends every free around) as test_X_tsan,
# and against the debug build (its poisoning and free checks) as
# test_X_tsan_debug.
HTSAN_CFLAGS := $(HOST_BASE_CFLAGS) -fsanitize=thread,undefined
HTSAN_LDFLAGS := -fsanitize=thread,undefined -pthread

host: $(H)/dtinfo $(HOST_TESTS) $(HOST_TSAN_TESTS) $(HOST_TSAN_TESTS:=_debug)

$(H)/libtern.a: $(HOST_OBJS)
	@rm -f $@
	$(call say,AR,$@)
	$(Q)ar rcs $@ $^

$(H)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,HOSTCC,$<)
	$(Q)$(HOSTCC) $(HCFLAGS) -c -o $@ $<

# One TSan build: $(1) its directory under $(H), $(2) its TERN_DEBUG, $(3)
# the suffix of its test programs. Its objects rebuild when the flags
# change (the cflags file holds them).
define tsan_build
$(H)/$(1)/libtern.a: $(patsubst %,$(H)/$(1)/obj/%.o,$(basename $(HOST_SRCS)))
	@rm -f $$@
	$$(call say,AR,$$@)
	$$(Q)ar rcs $$@ $$^

$(H)/$(1)/cflags: FORCE
	@mkdir -p $$(dir $$@)
	@echo '$$(HTSAN_CFLAGS) -DTERN_DEBUG=$(2)' | cmp -s - $$@ || \
		echo '$$(HTSAN_CFLAGS) -DTERN_DEBUG=$(2)' > $$@

$(H)/$(1)/obj/%.o: %.c $(H)/$(1)/cflags
	@mkdir -p $$(dir $$@)
	$$(call say,TSANCC,$$<)
	$$(Q)$$(HOSTCC) $$(HTSAN_CFLAGS) -DTERN_DEBUG=$(2) -c -o $$@ $$<

$(HOST_TSAN_TESTS:=$(3)): $(H)/tests/%$(3): tests/host/%.c tests/host/harness.h \
		$(H)/$(1)/libtern.a
	@mkdir -p $$(dir $$@)
	$$(call say,TSANLD,$$@)
	$$(Q)$$(HOSTCC) $$(HTSAN_CFLAGS) -DTERN_DEBUG=$(2) -o $$@ $$< \
		$(H)/$(1)/libtern.a $$(HTSAN_LDFLAGS) -lfdt
endef
$(eval $(call tsan_build,tsan,0,))
$(eval $(call tsan_build,tsan-debug,1,_debug))

$(H)/dtinfo: tools/dtinfo.c $(H)/libtern.a
	@mkdir -p $(dir $@)
	$(call say,HOSTLD,$@)
	$(Q)$(HOSTCC) $(HCFLAGS) -o $@ $< $(H)/libtern.a $(HLDFLAGS)

$(HOST_TESTS): $(H)/tests/%: tests/host/%.c tests/host/harness.h $(H)/libtern.a
	@mkdir -p $(dir $@)
	$(call say,HOSTLD,$@)
	$(Q)$(HOSTCC) $(HCFLAGS) -o $@ $< $(H)/libtern.a $(HLDFLAGS) -lfdt

# ------------------------------------------------------------------ fuzz ---
# libFuzzer targets, tests/fuzz/fuzz_*.c (docs/testing.md, "Fuzzing"): the
# host sources once more, built by clang under ASan and UBSan with
# libFuzzer's coverage counters in an object directory of their own, plus
# two portable files only the targets link (the boot argument table, and
# /proc/sysrq-trigger, a writable file). `make host` builds them,
# `make test` replays tests/fuzz/regressions/ and runs each target for a
# few seconds, `make fuzz` runs each for FUZZ_SECONDS (tools/fuzz).
FUZZCC ?= clang
FZ := $(H)/fuzz
FUZZ_SRCS := $(HOST_SRCS) kernel/boot_args.c kernel/sysrq.c
FUZZ_OBJS := $(patsubst %,$(FZ)/obj/%.o,$(basename $(FUZZ_SRCS)))
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,$(FZ)/%,$(wildcard tests/fuzz/fuzz_*.c))
# clang has no optimize() or noipa attribute; both only tune GCC's code.
FUZZ_CFLAGS := $(HOST_BASE_CFLAGS) -DTERN_DEBUG=1 -Wno-unknown-attributes \
	-fsanitize=fuzzer-no-link,address,undefined
FUZZ_LDFLAGS := -fsanitize=fuzzer,address,undefined -pthread
FUZZ_SECONDS ?= 60

host: $(FUZZ_TARGETS)

$(FZ)/libtern.a: $(FUZZ_OBJS)
	@rm -f $@
	$(call say,AR,$@)
	$(Q)ar rcs $@ $^

$(FZ)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,FUZZCC,$<)
	$(Q)$(FUZZCC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_TARGETS): $(FZ)/%: tests/fuzz/%.c $(FZ)/libtern.a
	@mkdir -p $(dir $@)
	$(call say,FUZZLD,$@)
	$(Q)$(FUZZCC) $(FUZZ_CFLAGS) -o $@ $< $(FZ)/libtern.a $(FUZZ_LDFLAGS) -lfdt

-include $(FUZZ_OBJS:.o=.d) $(FUZZ_TARGETS:=.d)

# ------------------------------------------------------------- run, test ---
setup:
	@tools/setup

run: setup all
	tools/qemu-run

# The tests boot the debug kernel (DEBUG=1: free pages poisoned and checked)
# and, in one config of tests/qemu/matrix, the release one.
test: setup
	$(MAKE) all DEBUG=1
	$(MAKE) all DEBUG=0
	$(MAKE) host
	IMAGE=build/$(BOARD)-debug/Image tests/run-all

# The benchmarks boot the kernel without DEBUG's checks, under -icount for
# instruction counts and MTTCG for scaling (docs/perf.md).
bench: setup all
	IMAGE=$(O)/Image tools/bench

# The long multi-hart runs (docs/testing.md): the stress suite for
# STRESS_SECONDS on every machine of tests/qemu/stress-matrix with both
# kernels, then the ThreadSanitizer host tests several times.
STRESS_SECONDS ?= 60
stress: setup
	$(MAKE) all DEBUG=1
	$(MAKE) all DEBUG=0
	$(MAKE) host
	tools/stress --seconds $(STRESS_SECONDS)

# Each fuzz target for FUZZ_SECONDS, one after the other (docs/testing.md).
fuzz: setup $(FUZZ_TARGETS)
	tools/fuzz --seconds $(FUZZ_SECONDS)

clean:
	rm -rf build

help:
	@sed -n '2,12p' Makefile

.PHONY: all host setup run test bench stress fuzz clean help FORCE
-include $(KERNEL_OBJS:.o=.d) $(HOST_OBJS:.o=.d) $(HOST_TESTS:=.d) \
	$(wildcard $(H)/tsan*/obj/*/*.d $(H)/tsan*/obj/*/*/*.d $(H)/tests/*_tsan*.d)
