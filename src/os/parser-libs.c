/* SPDX-License-Identifier: Apache-2.0 */
/* json-c and libyaml: linked, or opened on first use (parser-libs.h). */
#include "parser-libs.h"

#if SC_PARSER_LIBS_DLOPEN

#include <dlfcn.h>

#include "dlopen-lib.h"

/* The sonames the build linked against (the Makefile reads them from the
 * -dev packages' libjson-c.so and libyaml.so); Debian 12's by default. */
#ifndef SC_JSON_C_SONAME
#define SC_JSON_C_SONAME "libjson-c.so.5"
#endif
#ifndef SC_LIBYAML_SONAME
#define SC_LIBYAML_SONAME "libyaml-0.so.2"
#endif

#define DEFINE_SYM(name) typeof(name) *sym_##name;
SC_JSON_C_SYMBOLS(DEFINE_SYM)
SC_LIBYAML_SYMBOLS(DEFINE_SYM)

SC_ELF_NOTE_DLOPEN(dlopen_note,
        "[{\"feature\":\"json\",\"description\":\"strict JSON validation and "
        "its error messages, journal log lines\",\"priority\":\"required\","
        "\"soname\":[\"" SC_JSON_C_SONAME "\"]},"
        "{\"feature\":\"yaml\",\"description\":\"YAML profiles and manifests, "
        "JSON the fast reader hands back\",\"priority\":\"required\","
        "\"soname\":[\"" SC_LIBYAML_SONAME "\"]}]");

static bool resolve_json_c(void *h)
{
        SC_JSON_C_SYMBOLS(SC_DLSYM_OR_FAIL)
        return true;
}
static bool resolve_libyaml(void *h)
{
        SC_LIBYAML_SYMBOLS(SC_DLSYM_OR_FAIL)
        return true;
}

struct parser_lib {
        struct sc_dlopen_lib lib;
        const char *needed_for;
};

static struct parser_lib json_c = {
        SC_DLOPEN_LIB_INIT(SC_JSON_C_SONAME, resolve_json_c),
        "to check JSON with errors or rare forms, and journal lines",
};
static struct parser_lib libyaml = {
        SC_DLOPEN_LIB_INIT(SC_LIBYAML_SONAME, resolve_libyaml),
        "to read YAML, and JSON with errors or rare forms",
};

/* pthread_once() takes no argument: one opener per library. */
static void open_json_c(void) { sc_dlopen_lib_open(&json_c.lib); }
static void open_libyaml(void) { sc_dlopen_lib_open(&libyaml.lib); }

int sc_parser_libs_load(unsigned want, const char *file, struct sc_diags *diags)
{
        static const struct {
                enum sc_parser_lib mask;
                struct parser_lib *lib;
                void (*open)(void);
        } table[] = {
                { SC_LIB_JSON_C, &json_c, open_json_c },
                { SC_LIB_LIBYAML, &libyaml, open_libyaml },
        };

        for (size_t i = 0; i < ELEMENTSOF(table); i++) {
                struct parser_lib *l = table[i].lib;
                if (!(want & table[i].mask))
                        continue;
                pthread_once(&l->lib.once, table[i].open);
                if (l->lib.loaded)
                        continue;
                sc_diag_add(diags, SC_ERROR, file, (struct sc_pos){ 0 }, NULL,
                            "cannot load %s, needed %s: %s", l->lib.soname,
                            l->needed_for, l->lib.error);
                return -ELIBACC;
        }
        return 0;
}

#else /* linked: the pointers are the functions themselves */

#define DEFINE_SYM(name) typeof(name) *sym_##name = name;
SC_JSON_C_SYMBOLS(DEFINE_SYM)
SC_LIBYAML_SYMBOLS(DEFINE_SYM)

int sc_parser_libs_load(unsigned want, const char *file, struct sc_diags *diags)
{
        (void)want, (void)file, (void)diags;
        return 0;
}

#endif
