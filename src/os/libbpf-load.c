/* SPDX-License-Identifier: Apache-2.0 */
/* libbpf: linked, or opened on first use (libbpf-load.h). */
#include "libbpf-load.h"

#include "util.h"

#if SC_LIBBPF_DLOPEN

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <dlfcn.h>
#include <stdio.h>

#include "dlopen-lib.h"

#ifndef SC_LIBBPF_SONAME
#define SC_LIBBPF_SONAME "libbpf.so.1"
#endif

/* Every libbpf function ebpf.c and its skeleton call. */
#define SC_LIBBPF_SYMBOLS(X)                                                   \
        X(bpf_map__fd)                                                         \
        X(bpf_map__set_max_entries)                                            \
        X(bpf_map_get_next_key)                                                \
        X(bpf_map_lookup_elem)                                                 \
        X(bpf_map_update_elem)                                                 \
        X(bpf_object__attach_skeleton)                                         \
        X(bpf_object__destroy_skeleton)                                        \
        X(bpf_object__load_skeleton)                                           \
        X(bpf_object__open_skeleton)                                           \
        X(libbpf_num_possible_cpus)                                            \
        X(libbpf_set_print)                                                    \
        X(ring_buffer__free)                                                   \
        X(ring_buffer__new)                                                    \
        X(ring_buffer__poll)

#define DEFINE_SYM(name) static typeof(name) *sym_##name;
SC_LIBBPF_SYMBOLS(DEFINE_SYM)

/* For packagers (dlopen-lib.h). */
SC_ELF_NOTE_DLOPEN(dlopen_note,
        "[{\"feature\":\"ebpf\",\"description\":\"the eBPF recorder of record, "
        "watch and hook\",\"priority\":\"recommended\","
        "\"soname\":[\"" SC_LIBBPF_SONAME "\"]}]");

static bool resolve(void *h)
{
        SC_LIBBPF_SYMBOLS(SC_DLSYM_OR_FAIL)
        return true;
}

static struct sc_dlopen_lib libbpf = SC_DLOPEN_LIB_INIT(SC_LIBBPF_SONAME, resolve);
static char error[600];

static void open_libbpf(void)
{
        sc_dlopen_lib_open(&libbpf);
        if (!libbpf.loaded)
                snprintf(error, sizeof(error),
                         "cannot load %s, needed for the eBPF recorder: %s",
                         SC_LIBBPF_SONAME, libbpf.error);
}

int sc_libbpf_load(const char **ret_why)
{
        pthread_once(&libbpf.once, open_libbpf);
        if (libbpf.loaded)
                return 0;
        if (ret_why)
                *ret_why = error;
        return -ELIBACC;
}

/* libbpf's functions, forwarded.  Only sc_ebpf_open() calls the first of
 * them, after sc_libbpf_load() succeeded; the destructors are also called
 * on what a failed open left, NULL included, so they check. */
int bpf_map__fd(const struct bpf_map *map)
{
        return sym_bpf_map__fd(map);
}

int bpf_map__set_max_entries(struct bpf_map *map, __u32 max_entries)
{
        return sym_bpf_map__set_max_entries(map, max_entries);
}

int bpf_map_get_next_key(int fd, const void *key, void *next_key)
{
        return sym_bpf_map_get_next_key(fd, key, next_key);
}

int bpf_map_lookup_elem(int fd, const void *key, void *value)
{
        return sym_bpf_map_lookup_elem(fd, key, value);
}

int bpf_map_update_elem(int fd, const void *key, const void *value, __u64 flags)
{
        return sym_bpf_map_update_elem(fd, key, value, flags);
}

int bpf_object__attach_skeleton(struct bpf_object_skeleton *s)
{
        return sym_bpf_object__attach_skeleton(s);
}

void bpf_object__destroy_skeleton(struct bpf_object_skeleton *s)
{
        if (s && sym_bpf_object__destroy_skeleton)
                sym_bpf_object__destroy_skeleton(s);
}

int bpf_object__load_skeleton(struct bpf_object_skeleton *s)
{
        return sym_bpf_object__load_skeleton(s);
}

int bpf_object__open_skeleton(struct bpf_object_skeleton *s,
                              const struct bpf_object_open_opts *opts)
{
        return sym_bpf_object__open_skeleton(s, opts);
}

int libbpf_num_possible_cpus(void)
{
        return sym_libbpf_num_possible_cpus();
}

libbpf_print_fn_t libbpf_set_print(libbpf_print_fn_t fn)
{
        return sym_libbpf_set_print(fn);
}

void ring_buffer__free(struct ring_buffer *rb)
{
        if (rb && sym_ring_buffer__free)
                sym_ring_buffer__free(rb);
}

struct ring_buffer *ring_buffer__new(int map_fd, ring_buffer_sample_fn sample_cb,
                                     void *ctx, const struct ring_buffer_opts *opts)
{
        return sym_ring_buffer__new(map_fd, sample_cb, ctx, opts);
}

int ring_buffer__poll(struct ring_buffer *rb, int timeout_ms)
{
        return sym_ring_buffer__poll(rb, timeout_ms);
}

#else /* linked */

int sc_libbpf_load(const char **ret_why)
{
        (void)ret_why;
        return 0;
}

#endif
