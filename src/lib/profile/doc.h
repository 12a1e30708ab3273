/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A document tree that remembers where every node came from.
 *
 * Profiles arrive as JSON (OCI, Docker), YAML (Security Profiles Operator,
 * Kubernetes manifests) or JSON embedded in a config.json.  Both are parsed
 * into this one tree so that every later check can point at FILE:LINE:COL.
 *
 * JSON input is first validated strictly by json-c (so that a file runc
 * would reject is rejected, with the position of the syntax error), then
 * loaded through libyaml, whose events carry line and column marks; JSON is
 * a subset of YAML's flow style.  Scalars keep their raw text, so numbers up
 * to 2^64-1 are converted exactly by parse_u64() and never pass through a
 * double.  Plain JSON (what real profiles are) takes a fast path first,
 * doc_json_fast(), which builds the same tree in one pass and hands
 * everything else, errors included, to the full path above: parsing
 * twice was most of what `seccompctl compile` cost before compiling.
 *
 * Pure: works on a buffer, does no I/O.
 */
#ifndef SC_DOC_H
#define SC_DOC_H

#include "arena.h"
#include "diag.h"

enum doc_kind {
        DOC_NULL,
        DOC_BOOL,
        DOC_NUMBER, /* text holds the literal as written */
        DOC_STRING,
        DOC_MAP,
        DOC_SEQ,
};

struct doc_node {
        enum doc_kind kind;
        struct sc_pos pos;
        bool boolean;      /* DOC_BOOL */
        bool merge;        /* a YAML merge key "<<" (while parsing) */
        /* Allocated in its doc_stream's arena with everything it points
         * to (every tree doc_parse builds): doc_node_free leaves it to
         * the stream's doc_stream_clear. */
        bool in_arena;
        char *text;        /* scalars: NUL-terminated value */
        size_t text_len;   /* may contain NULs (JSON "\u0000") */
        /* DOC_SEQ: items[i]; DOC_MAP: keys[i] -> items[i] */
        struct doc_node **keys;
        struct doc_node **items;
        size_t n, alloc;
};

enum doc_format {
        DOC_AUTO, /* JSON (strict) when the text starts with '{' or '[', as
                   * Kubernetes decides it; else YAML */
        DOC_JSON,
        DOC_YAML,
};

#define DOC_MAX_DEPTH 64
/* Memory is bounded by structure, not by bytes: a doc_node costs about
 * 130 bytes with its text (less in an arena), so 1M nodes is ~130 MB at
 * worst.  The largest real profiles (Docker's default, SPO bundles)
 * have a few thousand. */
#define DOC_MAX_NODES (1024U * 1024U)

struct doc_limits {
        size_t max_depth;  /* default DOC_MAX_DEPTH */
        size_t max_nodes;  /* default DOC_MAX_NODES (aliases expanded) */
        /* Always take the full JSON path (json-c, then libyaml), never
         * doc_json_fast(): for the tests that compare the two. */
        bool full_json_path;
};

/* All documents of a stream ("---" separated for YAML; exactly one for
 * JSON). */
struct doc_stream {
        struct doc_node **docs;
        size_t n;
        enum doc_format format; /* what the input turned out to be */
        struct arena arena;     /* holds the nodes marked in_arena */
};

/* Parse buf[0..len).  file names the input in diagnostics.  On a syntax
 * error returns -EINVAL with one error in diags.  limits may be NULL. */
int doc_parse(const char *buf, size_t len, const char *file,
              enum doc_format format, const struct doc_limits *limits,
              struct sc_diags *diags, struct doc_stream *ret);
void doc_stream_clear(struct doc_stream *s);
/* What DOC_AUTO reads buf as: DOC_JSON or DOC_YAML. */
enum doc_format doc_sniff(const char *buf, size_t len);
void doc_node_free(struct doc_node *n);

/* The fast path doc_parse() tries first for JSON (doc-json.c): true and
 * the document's root in *ret when it read buf exactly as the full path
 * would (same tree, same positions); false for anything else, errors
 * included, which the full path then reads or reports as it always did.
 * The tree, and on failure whatever was built, is in arena (the caller
 * clears it). */
bool doc_json_fast(const char *buf, size_t len, const struct doc_limits *limits,
                   struct arena *arena, struct doc_node **ret);
/* Same kinds, text, positions and shape, all the way down (the fast and
 * full JSON paths are compared with it). */
bool doc_node_equal(const struct doc_node *a, const struct doc_node *b);
/* JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
bool doc_is_json_number(const char *s);

/* Lookup of a key in a map; NULL when absent or n is not a map. */
struct doc_node *doc_get(const struct doc_node *map, const char *key);
/* Follow "a.b.c" through maps. */
struct doc_node *doc_get_path(const struct doc_node *map, const char *dotted);
const char *doc_kind_name(enum doc_kind k);
/* Serialise a subtree back to compact JSON (for listenerMetadata, export). */
void doc_to_json(const struct doc_node *n, struct strbuf *out);

#endif
