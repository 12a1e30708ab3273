/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libbpf (and the libelf and zlib it needs), loaded when the eBPF recorder
 * is first opened.
 *
 * Only record, watch and hook use libbpf; linked in, its tables cost every
 * other start of the seccompctl binary relocations and copied pages (about
 * 500 relocations, 7 KB of .data.rel.ro: 3-5 page faults and 9,000
 * instructions of `seccompctl --version`; BENCHMARKS.md, start-up), and as
 * a shared library three more libraries to map (about 1 ms).  So the
 * seccompctl binary opens libbpf.so.1 with dlopen() the first time
 * sc_ebpf_open() runs, like json-c and libyaml (parser-libs.h).
 *
 * Built plainly (libseccompctl.a/.so, the static binary, tests) this is a
 * no-op and libbpf is linked.  Built with SC_LIBBPF_DLOPEN=1 (the
 * seccompctl binary only) libbpf-load.c also defines the libbpf functions
 * src/os/ebpf.c and its generated skeleton call, each forwarding to the
 * library's own through a pointer of the header's type: ebpf.c and the
 * skeleton stay unchanged, and a prototype that does not match libbpf's
 * header is a compile error ("conflicting types").
 */
#ifndef SC_LIBBPF_LOAD_H
#define SC_LIBBPF_LOAD_H

/* 0, or -ELIBACC with *ret_why (when not NULL) saying which library
 * could not be loaded and why.  Thread-safe; loads once per process. */
int sc_libbpf_load(const char **ret_why);

#endif
