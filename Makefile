# SPDX-License-Identifier: Apache-2.0
# seccompctl — plain Makefile.  `make` builds build/seccompctl, `make check`
# runs every test (plus the sanitizer and clang builds), `make demo` walks
# through the Kubernetes seccomp tutorial.  Missing Debian packages are
# installed by `make deps` (run automatically by check and demo as root).

CC ?= gcc
BUILD ?= build
PREFIX ?= /usr/local
DESTDIR ?=
FIXTURES ?= $(abspath tests/fixtures)
VERSION := 0.1.0

# The eBPF recorder (src/ebpf/recorder.bpf.c) reads x86_64 registers and
# task state; on other machines record and watch use ptrace and audit.
# EBPF=0 builds without it.
EBPF ?= $(if $(filter x86_64,$(shell uname -m)),1,0)
BPF_CLANG ?= clang
BPFTOOL ?= bpftool

PKGS := json-c yaml-0.1 $(if $(filter 1,$(EBPF)),libbpf)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -ljson-c -lyaml \
	$(if $(filter 1,$(EBPF)),-lbpf)) -lm

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wswitch-enum -Wno-missing-field-initializers \
        -Wformat=2 -Wno-format-nonliteral
OPT ?= -O2 -g
SAN ?=
# src/lib is grouped by domain (bpf/ compiler and simulator, kube/, profile/,
# record/); each folder is on the quote include path so headers are named
# plainly ("bpf.h"), while <bpf/bpf.h> still finds libbpf.
LIB_DIRS := src/lib $(sort $(wildcard src/lib/*/))
LIB_INCLUDES := $(patsubst %,-iquote %,$(patsubst %/,%,$(LIB_DIRS)))
CFLAGS_ALL := -std=gnu11 $(OPT) $(SAN) $(WARN) -fvisibility=hidden -fPIC \
        -D_GNU_SOURCE -Iinclude $(LIB_INCLUDES) -Isrc/os -Isrc/cli -I$(BUILD)/gen \
        -DSC_HAVE_EBPF=$(EBPF) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP
LDFLAGS_ALL := $(SAN) $(LDFLAGS)

LIB_SRCS := $(sort $(wildcard src/lib/*.c src/lib/*/*.c))
OS_SRCS := $(sort $(wildcard src/os/*.c))
CLI_SRCS := $(sort $(wildcard src/cli/*.c))
GEN_SRCS := $(BUILD)/gen/syscalls-table.c
TEST_SRCS := $(sort $(wildcard tests/unit/test-*.c))
TESTLIB_SRCS := $(sort $(wildcard tests/lib/*.c))
FUZZ_SRCS := $(sort $(wildcard fuzz/fuzz-*.c))
EXAMPLE_SRCS := $(sort $(wildcard examples/*.c))
BENCH_SRCS := $(sort $(wildcard bench/*.c))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
LIB_OBJS := $(call obj,$(LIB_SRCS) $(OS_SRCS)) $(BUILD)/obj/gen/syscalls-table.o \
	$(BUILD)/obj/gen/runtime-default.o $(BUILD)/obj/gen/runtime-default-crio.o \
	$(BUILD)/obj/gen/runtime-calls-table.o
CLI_OBJS := $(call obj,$(CLI_SRCS))
TEST_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRCS))
FUZZ_REPLAY_BINS := $(patsubst fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRCS))
EXAMPLE_BINS := $(patsubst examples/%.c,$(BUILD)/examples/%,$(EXAMPLE_SRCS))
BENCH_BINS := $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRCS))

.SECONDARY:
.PHONY: all deps check check-unit check-asan check-clang check-valgrind test-bins fuzz \
        bench demo install clean static image
all: $(BUILD)/seccompctl $(BUILD)/libseccompctl.so $(EXAMPLE_BINS)

# ---- dependencies -------------------------------------------------------
deps:
	@tools/install-deps.sh

# ---- generated syscall table -------------------------------------------
$(BUILD)/gen/syscalls-table.c: data/syscalls.tsv tools/syscalls-to-c.sh
	@mkdir -p $(dir $@)
	tools/syscalls-to-c.sh $< > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/syscalls-table.o: $(BUILD)/gen/syscalls-table.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

# The built-in RuntimeDefault profile, embedded from its readable source.
$(BUILD)/obj/gen/runtime-default.o: data/runtime-default.json tools/embed.sh
	@mkdir -p $(BUILD)/gen $(dir $@)
	tools/embed.sh sc_runtime_default_json $< > $(BUILD)/gen/runtime-default.c
	$(CC) $(CFLAGS_ALL) -c -o $@ $(BUILD)/gen/runtime-default.c

# The runtimes' own calls after the filter (measured; see the file's header).
$(BUILD)/gen/runtime-calls-table.c: data/runtime-calls.tsv tools/runtime-calls-to-c.sh
	@mkdir -p $(dir $@)
	tools/runtime-calls-to-c.sh $< > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/runtime-calls-table.o: $(BUILD)/gen/runtime-calls-table.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

# CRI-O's RuntimeDefault (tools/gen-crio-default.py, data/SOURCES.md).
$(BUILD)/obj/gen/runtime-default-crio.o: data/runtime-default-crio.json tools/embed.sh
	@mkdir -p $(BUILD)/gen $(dir $@)
	tools/embed.sh sc_runtime_default_crio_json $< > $(BUILD)/gen/runtime-default-crio.c
	$(CC) $(CFLAGS_ALL) -c -o $@ $(BUILD)/gen/runtime-default-crio.c

# The eBPF recorder: compiled for the BPF target with its BTF (CO-RE needs
# it), DWARF dropped by bpftool's linker, embedded as a libbpf skeleton.
# No vmlinux.h: the build does not depend on the build machine's kernel.
$(BUILD)/gen/recorder.bpf.o: src/ebpf/recorder.bpf.c src/ebpf/recorder-abi.h
	@mkdir -p $(dir $@)
	$(BPF_CLANG) -g -O2 -target bpf -D__TARGET_ARCH_x86 \
		-I/usr/include/$(shell gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu) \
		-Isrc/ebpf -Wall -Wextra -Werror -c -o $@.full $<
	$(BPFTOOL) gen object $@ $@.full

$(BUILD)/gen/recorder.skel.h: $(BUILD)/gen/recorder.bpf.o
	$(BPFTOOL) gen skeleton $< name sc_recorder_bpf > $@.tmp && mv $@.tmp $@

ifeq ($(EBPF),1)
$(BUILD)/obj/src/os/ebpf.o: $(BUILD)/gen/recorder.skel.h
endif

$(BUILD)/obj/%.o: %.c | $(BUILD)/gen/syscalls-table.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/libseccompctl.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

# The shared library exports only the SC_API functions of seccompctl.h.
$(BUILD)/libseccompctl.so: $(LIB_OBJS)
	$(CC) $(LDFLAGS_ALL) -shared -Wl,-soname,libseccompctl.so.0 -o $@ $^ $(PKG_LIBS)

# json-c and libyaml, which parse profiles, are not in the CLI's
# DT_NEEDED: the fast JSON reader (doc-json.c) reads the profiles compile,
# run and check are given, so they are opened on first use
# (src/os/parser-libs.h).  libbpf likewise (src/os/libbpf-load.h): only
# record, watch and hook use it, and linked in, statically or not, it cost
# every other start its relocations or the loading of it, libelf and zlib
# (BENCHMARKS.md, start-up).  parser-libs.c built with
# SC_PARSER_LIBS_DLOPEN=1 defines the same symbols as the archive's linked
# parser-libs.o, which the linker therefore never takes; libbpf-load.c
# built with SC_LIBBPF_DLOPEN=1 also defines the libbpf functions ebpf.c
# calls, forwarding to the opened library.  The sonames opened are the
# ones the -dev packages' link names point at.  Security updates of all
# three reach the CLI with the distribution's packages.
CLI_LIBS := -lm
CLI_DLOPEN_OBJS := $(BUILD)/obj/src/os/parser-libs-dlopen.o \
	$(if $(filter 1,$(EBPF)),$(BUILD)/obj/src/os/libbpf-load-dlopen.o)
soname_of = $(shell readelf -d $$($(CC) -print-file-name=$(1)) 2>/dev/null | \
	sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
JSON_C_SONAME = $(call soname_of,libjson-c.so)
LIBYAML_SONAME = $(call soname_of,libyaml.so)
LIBBPF_SONAME = $(call soname_of,libbpf.so)
$(BUILD)/obj/src/os/parser-libs-dlopen.o: src/os/parser-libs.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -DSC_PARSER_LIBS_DLOPEN=1 \
		$(if $(JSON_C_SONAME),'-DSC_JSON_C_SONAME="$(JSON_C_SONAME)"') \
		$(if $(LIBYAML_SONAME),'-DSC_LIBYAML_SONAME="$(LIBYAML_SONAME)"') -c -o $@ $<
$(BUILD)/obj/src/os/libbpf-load-dlopen.o: src/os/libbpf-load.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -DSC_LIBBPF_DLOPEN=1 \
		$(if $(LIBBPF_SONAME),'-DSC_LIBBPF_SONAME="$(LIBBPF_SONAME)"') -c -o $@ $<
$(BUILD)/seccompctl: $(CLI_OBJS) $(CLI_DLOPEN_OBJS) $(BUILD)/libseccompctl.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(CLI_LIBS)

# A self-contained seccompctl for deploy/Containerfile (FROM scratch):
# glibc, json-c and libyaml linked in statically (libc6-dev, libjson-c-dev
# and libyaml-dev ship the .a files); nothing else is needed at run time.
PKG_LIBS_STATIC := $(shell pkg-config --static --libs $(PKGS) 2>/dev/null || echo -ljson-c -lyaml) -lm
$(BUILD)/seccompctl-static: $(CLI_OBJS) $(BUILD)/libseccompctl.a
	$(CC) $(LDFLAGS_ALL) -static -o $@ $^ $(PKG_LIBS_STATIC)
static: $(BUILD)/seccompctl-static

# The node agents' image (deploy/Containerfile), with Debian's buildah or
# podman; IMAGE names it (push it where your nodes pull from).
IMAGE ?= localhost/seccompctl:$(VERSION)
image: $(BUILD)/seccompctl-static
	tools/build-image.sh $(BUILD)/seccompctl-static $(IMAGE)

# ---- tests --------------------------------------------------------------
TESTLIB_OBJS := $(call obj,$(TESTLIB_SRCS))
$(BUILD)/tests/%: tests/unit/%.c $(TESTLIB_OBJS) $(BUILD)/libseccompctl.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests/lib $(LDFLAGS_ALL) -o $@ $< $(TESTLIB_OBJS) \
		$(BUILD)/libseccompctl.a $(PKG_LIBS) -lseccomp -lpthread

# Each fuzz target doubles as a regression test: linked with a small
# driver, it replays its committed corpus (fuzz/corpus/TARGET/).
$(BUILD)/fuzz/%: fuzz/%.c fuzz/replay-main.c $(BUILD)/libseccompctl.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $< fuzz/replay-main.c \
		$(BUILD)/libseccompctl.a $(PKG_LIBS) -lseccomp

$(BUILD)/examples/%: examples/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -g $(WARN) -D_GNU_SOURCE $(SAN) -o $@ $< -lpthread

# The start-up benchmark's reference links json-c and libseccomp only, so
# that its start costs what such a program's does (bench/scmp-compile.c).
$(BUILD)/bench/scmp-compile: bench/scmp-compile.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $< \
		$(shell pkg-config --libs json-c 2>/dev/null || echo -ljson-c) -lseccomp

$(BUILD)/bench/%: bench/%.c $(BUILD)/libseccompctl.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $< $(BUILD)/libseccompctl.a \
		$(PKG_LIBS) -lseccomp

# the static image binary only without sanitizers (they do not link -static)
test-bins: $(BUILD)/seccompctl $(BUILD)/libseccompctl.so $(TEST_BINS) $(FUZZ_REPLAY_BINS) $(EXAMPLE_BINS) \
	$(if $(SAN),,$(BUILD)/seccompctl-static)

check-unit: test-bins
	SECCOMPCTL=$(abspath $(BUILD)/seccompctl) BUILD=$(abspath $(BUILD)) \
		FIXTURES=$(FIXTURES) tests/run-tests.sh

# Second pass: clang with ASan + UBSan, halting on the first report.
check-asan:
	$(MAKE) BUILD=build-asan CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" \
		check-unit

# Third pass: the pure-core tests and corpus replays under valgrind.
check-valgrind: test-bins
	FIXTURES=$(FIXTURES) tools/valgrind-check.sh $(BUILD)

check: deps
	$(MAKE) check-unit
	$(MAKE) check-asan
	$(MAKE) check-valgrind

# ---- fuzzing (libFuzzer) ------------------------------------------------
FUZZ_SECONDS ?= 60
fuzz: deps
	$(MAKE) all
	tools/fuzz.sh $(FUZZ_SECONDS)

bench: all $(BENCH_BINS) $(BUILD)/seccompctl-static
	tools/bench.sh

# deps first, then a sub-make: pkg-config's flags are read when a Makefile is
# parsed, so the build must start after the packages are installed.
demo: deps
	$(MAKE) all
	tools/demo.sh

$(BUILD)/seccompctl.pc: Makefile
	@mkdir -p $(dir $@)
	printf '%s\n' 'prefix=$(PREFIX)' 'includedir=$${prefix}/include' \
		'libdir=$${prefix}/lib' '' 'Name: seccompctl' \
		'Description: seccomp profiles for containers: parse, validate, compile, load' \
		'Version: $(VERSION)' 'Requires.private: json-c yaml-0.1' \
		'Cflags: -I$${includedir}' 'Libs: -L$${libdir} -lseccompctl' > $@

install: all $(BUILD)/seccompctl.pc
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 0755 $(BUILD)/seccompctl $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 include/seccompctl.h $(DESTDIR)$(PREFIX)/include/
	install -m 0644 $(BUILD)/libseccompctl.a $(DESTDIR)$(PREFIX)/lib/
	install -m 0755 $(BUILD)/libseccompctl.so $(DESTDIR)$(PREFIX)/lib/libseccompctl.so.0
	ln -sf libseccompctl.so.0 $(DESTDIR)$(PREFIX)/lib/libseccompctl.so
	install -m 0644 $(BUILD)/seccompctl.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/
	if [ -f man/seccompctl.1 ]; then install -m 0644 man/seccompctl.1 \
		$(DESTDIR)$(PREFIX)/share/man/man1/; fi
	if [ -f completion/seccompctl.bash ]; then install -m 0644 \
		completion/seccompctl.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/seccompctl; fi

clean:
	rm -rf build build-asan build-clang build-fuzz

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
