/* SPDX-License-Identifier: Apache-2.0 */
/* json-c and libyaml: linked, or opened on first use (parser-libs.h). */
#include "parser-libs.h"

#if SC_PARSER_LIBS_DLOPEN

#include <dlfcn.h>
#include <pthread.h>

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

/* A package build reads the sonames a program opens from this ELF note
 * (https://systemd.io/ELF_DLOPEN_METADATA/, "FDO" note type 0x407c0c0a),
 * since DT_NEEDED no longer names them: `readelf -n seccompctl`. */
#define DLOPEN_NOTE_JSON                                                       \
        "[{\"feature\":\"json\",\"description\":\"strict JSON validation and "  \
        "its error messages, journal log lines\",\"priority\":\"required\","     \
        "\"soname\":[\"" SC_JSON_C_SONAME "\"]},"                               \
        "{\"feature\":\"yaml\",\"description\":\"YAML profiles and manifests, "  \
        "JSON the fast reader hands back\",\"priority\":\"required\","           \
        "\"soname\":[\"" SC_LIBYAML_SONAME "\"]}]"
__attribute__((used, section(".note.dlopen"))) _Alignas(4) static const struct {
        struct {
                uint32_t n_namesz, n_descsz, n_type;
        } nhdr;
        char name[sizeof("FDO")];
        _Alignas(4) char json[sizeof(DLOPEN_NOTE_JSON)];
} dlopen_note = {
        .nhdr = { sizeof("FDO"), sizeof(DLOPEN_NOTE_JSON), 0x407c0c0aU },
        .name = "FDO",
        .json = DLOPEN_NOTE_JSON,
};

/* dlsym() every symbol of the list into its typed pointer: void * to a
 * function pointer is what POSIX guarantees for dlsym; the pointer's type
 * is the library header's prototype. */
#define RESOLVE_SYM(name)                                                      \
        if (!(sym_##name = dlsym(h, #name)))                                   \
                return false;
static bool resolve_json_c(void *h)
{
        SC_JSON_C_SYMBOLS(RESOLVE_SYM)
        return true;
}
static bool resolve_libyaml(void *h)
{
        SC_LIBYAML_SYMBOLS(RESOLVE_SYM)
        return true;
}

struct parser_lib {
        const char *soname;
        const char *needed_for;
        bool (*resolve)(void *h);
        pthread_once_t once;
        bool loaded;
        char error[512]; /* dlerror()'s text when not loaded */
};

static struct parser_lib json_c = {
        SC_JSON_C_SONAME, "to check JSON with errors or rare forms, and journal lines",
        resolve_json_c, PTHREAD_ONCE_INIT,
};
static struct parser_lib libyaml = {
        SC_LIBYAML_SONAME, "to read YAML, and JSON with errors or rare forms",
        resolve_libyaml, PTHREAD_ONCE_INIT,
};

static void open_lib(struct parser_lib *l)
{
        /* RTLD_NOW: a library that loads is wholly usable, never an abort
         * in the middle of a parse because a symbol is missing. */
        void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
        if (h && l->resolve(h)) {
                l->loaded = true;
                return; /* kept open for the life of the process */
        }
        const char *why = dlerror();
        snprintf(l->error, sizeof(l->error), "%s", why ? why : "unknown error");
        if (h)
                dlclose(h);
}

/* pthread_once() takes no argument: one opener per library. */
static void open_json_c(void) { open_lib(&json_c); }
static void open_libyaml(void) { open_lib(&libyaml); }

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
                pthread_once(&l->once, table[i].open);
                if (l->loaded)
                        continue;
                /* dlerror() starts with the soname when it is the file
                 * that is missing: say it once. */
                const char *why = l->error;
                size_t n = strlen(l->soname);
                if (strncmp(why, l->soname, n) == 0 && startswith(why + n, ": "))
                        why += n + 2;
                sc_diag_add(diags, SC_ERROR, file, (struct sc_pos){ 0 }, NULL,
                            "cannot load %s, needed %s: %s", l->soname,
                            l->needed_for, why);
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
