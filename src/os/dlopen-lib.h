/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A shared library opened on first use, systemd-style (src/shared/
 * dlfcn-util.c there): one dlopen() per process, every symbol resolved
 * at once (RTLD_NOW: a library that loads is wholly usable, never a
 * missing symbol in the middle of a parse), kept open for the life of the
 * process.  Used by parser-libs.c (json-c, libyaml) and libbpf-load.c.
 */
#ifndef SC_DLOPEN_LIB_H
#define SC_DLOPEN_LIB_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

struct sc_dlopen_lib {
        const char *soname;
        /* dlsym() every symbol the caller uses; false if one is missing */
        bool (*resolve)(void *handle);
        pthread_once_t once;
        bool loaded;
        /* why not loaded: dlerror()'s text, without the soname it starts
         * with when the file itself is missing (the caller names it) */
        char error[512];
};

#define SC_DLOPEN_LIB_INIT(soname, resolve)                                    \
        { (soname), (resolve), PTHREAD_ONCE_INIT, false, "" }

/* In a resolve function whose handle is named h, for an X-macro list of
 * symbols: dlsym() each into its pointer sym_NAME, typed by the library
 * header's prototype (void * to a function pointer is what POSIX
 * guarantees for dlsym), or return false. */
#define SC_DLSYM_OR_FAIL(name)                                                 \
        if (!(sym_##name = dlsym(h, #name)))                                   \
                return false;

/* The body of the pthread_once() function that opens l (pthread_once
 * takes no argument, so each library has a one-line opener). */
void sc_dlopen_lib_open(struct sc_dlopen_lib *l);

/* A package build reads the sonames a program opens from this ELF note
 * (https://systemd.io/ELF_DLOPEN_METADATA/, "FDO" note type 0x407c0c0a),
 * since DT_NEEDED does not name them: `readelf -n seccompctl`.  text is a
 * string literal: the note's JSON array. */
#define SC_ELF_NOTE_DLOPEN(ident, text)                                        \
        __attribute__((used, section(".note.dlopen"))) _Alignas(4)             \
        static const struct {                                                  \
                struct {                                                       \
                        uint32_t n_namesz, n_descsz, n_type;                   \
                } nhdr;                                                        \
                char name[sizeof("FDO")];                                      \
                _Alignas(4) char json[sizeof(text)];                           \
        } ident = {                                                            \
                .nhdr = { sizeof("FDO"), sizeof(text), 0x407c0c0aU },          \
                .name = "FDO",                                                 \
                .json = text,                                                  \
        }

#endif
