/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json-c and libyaml, loaded when first needed.
 *
 * The well-formed JSON profiles that compile, run and check see almost
 * always are read by doc-json.c alone; json-c (strict validation, its
 * error messages, journal lines, the runtime's state) and libyaml (YAML,
 * and every JSON document the fast reader hands back) are needed only
 * off that path.  Linking them costs every start of the seccompctl
 * binary the mapping, relocation and page faults of two more libraries
 * (BENCHMARKS.md, start-up), so the CLI opens them with dlopen() when a
 * caller first asks for them, as systemd does (src/shared/dlfcn-util.c).
 *
 * Code that uses either library calls sc_parser_libs_load() first and
 * then the sym_ pointers below, which have the library's own prototypes
 * (typeof), so a mismatch is a compile error, not a cast.  The same
 * source builds two ways (src/os/parser-libs.c):
 *   - linked (libseccompctl.a/.so, the static binary, tests, fuzzers):
 *     the pointers are the library functions, loading never fails;
 *   - dlopen (SC_PARSER_LIBS_DLOPEN=1, the dynamic seccompctl binary):
 *     the first call opens the library and resolves every symbol, or
 *     fails with -ELIBACC and a one-line error naming the library, which
 *     the caller reports like any other error (fail closed: a profile
 *     that cannot be read is never enforced as something else).
 */
#ifndef SC_PARSER_LIBS_H
#define SC_PARSER_LIBS_H

#include <json.h>
#include <yaml.h>

#include "diag.h"

enum sc_parser_lib {
        SC_LIB_JSON_C = 1U << 0,
        SC_LIB_LIBYAML = 1U << 1,
};

/* Every function seccompctl calls, per library: the one list both
 * builds take their pointers and dlsym() names from. */
#define SC_JSON_C_SYMBOLS(X)                                                   \
        X(json_object_array_get_idx)                                           \
        X(json_object_array_length)                                            \
        X(json_object_get_int)                                                 \
        X(json_object_get_int64)                                               \
        X(json_object_get_string)                                              \
        X(json_object_get_string_len)                                          \
        X(json_object_is_type)                                                 \
        X(json_object_object_get_ex)                                           \
        X(json_object_put)                                                     \
        X(json_tokener_error_desc)                                             \
        X(json_tokener_free)                                                   \
        X(json_tokener_get_error)                                              \
        X(json_tokener_get_parse_end)                                          \
        X(json_tokener_new_ex)                                                 \
        X(json_tokener_parse)                                                  \
        X(json_tokener_parse_ex)                                               \
        X(json_tokener_set_flags)

#define SC_LIBYAML_SYMBOLS(X)                                                  \
        X(yaml_event_delete)                                                   \
        X(yaml_parser_delete)                                                  \
        X(yaml_parser_initialize)                                              \
        X(yaml_parser_parse)                                                   \
        X(yaml_parser_set_input_string)

#define SC_PARSER_LIBS_DECLARE_(name) extern typeof(name) *sym_##name;
SC_JSON_C_SYMBOLS(SC_PARSER_LIBS_DECLARE_)
SC_LIBYAML_SYMBOLS(SC_PARSER_LIBS_DECLARE_)
#undef SC_PARSER_LIBS_DECLARE_

/* Make the sym_ pointers of libs (a mask of enum sc_parser_lib) usable.
 * 0, or -ELIBACC with an error naming the library (against file, which
 * may be NULL) in diags (which may be NULL).  Thread-safe; a library is
 * opened once per process and never closed. */
int sc_parser_libs_load(unsigned libs, const char *file, struct sc_diags *diags);

#endif
