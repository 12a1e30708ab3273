/* SPDX-License-Identifier: Apache-2.0 */
/*
 * seccompctl install: put validated profiles under the kubelet's seccomp
 * root, atomically, and keep a node in sync with a mounted directory.
 *
 * A Pod whose Localhost profile is missing or half-written fails with
 * CreateContainerError, so every file is written to a temporary name in
 * the same directory, fsynced and renamed over the target
 * (write_file_beneath): the runtime reads the old file or the new one.
 *
 * ConfigMap volumes are updated by the kubelet with an atomic symlink
 * swap: the files live in a timestamped directory "..2024_01_01_...",
 * "..data" points at it, and each key is a top-level symlink
 * "KEY -> ..data/KEY".  An update writes a new timestamped directory and
 * renames a new "..data" over the old one, so inotify on the mounted
 * directory sees IN_MOVED_TO "..data" (and IN_CREATE for new keys), never
 * a write to KEY itself.  The watcher therefore re-syncs the whole
 * directory on any event rather than tracking files.
 */
#include <getopt.h>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "fileio.h"
#include "kube.h"
#include "verbs.h"

static void help(void)
{
        printf("Usage: %s install --root DIR [--from DIR] [OPTIONS] PROFILE...\n"
               "       %s install --root DIR --from DIR\n"
               "       %s install --root DIR --watch DIR [--once] [--duration SECONDS]\n"
               "                  [--ready-file FILE]\n"
               "       %s install --probe FILE\n"
               "\n"
               "Validate each PROFILE (OCI or Docker JSON, or Security Profiles Operator\n"
               "SeccompProfile YAML) like 'check', then place it under the kubelet's\n"
               "seccomp root DIR atomically (temporary file, fsync, rename, fsync of the\n"
               "directory): a Pod never loads a half-written file.  Invalid profiles are\n"
               "refused with the 'check' error and the installed file is left alone.\n"
               "\n"
               "What lands on the node is what the runtime reads: strict JSON holding\n"
               "one bare profile.  A strict JSON profile is installed byte for byte;\n"
               "YAML, JSON with a trailing comma, a comment or a byte order mark, and a\n"
               "whole OCI config.json are refused, or with --normalize written as the\n"
               "strict JSON equivalent (the config.json's linux.seccomp).  Input that\n"
               "starts with '{' is read as JSON, as Kubernetes reads it.\n"
               "\n"
               "Layout: a relative PROFILE path is kept (profiles/audit.json is installed\n"
               "as DIR/profiles/audit.json, for localhostProfile: profiles/audit.json);\n"
               "an absolute one is installed under its base name.  With --from, PROFILE\n"
               "names are relative to that directory; without PROFILE, every file at the\n"
               "top of it is installed.  An SPO SeccompProfile is installed as\n"
               "NAME.json (its metadata.name, which must be a DNS-1123 subdomain as the\n"
               "API server requires) in OCI JSON, one file per resource.  PROFILE - is\n"
               "standard input (SPO resources only: a bare profile needs a file name).\n"
               "\n"
               "Nothing is written through a symlink under DIR: each directory below it\n"
               "is opened (or made) one at a time without following symlinks, and the\n"
               "file is created in the last one, so a symlinked, dangling or looping\n"
               "directory on the way (DIR/profiles -> /etc) or a file where a directory\n"
               "should be is refused, naming it, and nothing is written.  A symlink at\n"
               "the file's own name is replaced by the file, never followed.  DIR itself\n"
               "may be a symlink or lie under one (/var/lib/kubelet -> /data/kubelet):\n"
               "the kubelet joins localhostProfile to the configured root and the\n"
               "runtime follows those links when it opens the file, so install follows\n"
               "them too, and the file it writes is the one the runtime reads.\n"
               "\n"
               "--watch keeps DIR in sync with a mounted directory (a ConfigMap volume,\n"
               "updated by the kubelet's ..data symlink swap) until stopped: every\n"
               "change re-validates and installs what changed, and removes the files\n"
               "the watcher installed whose keys disappeared (it remembers them in\n"
               "ROOT/.seccompctl-installed, across restarts).  Every ConfigMap key is\n"
               "installed, \".dot.json\" too.  A file the watcher did not install is\n"
               "never replaced or removed (unless --adopt); two keys that would write\n"
               "one file are refused and the file is left as it was.  A DaemonSet\n"
               "running it rolls profiles out to every node (see deploy/README.md).\n"
               "\n"
               "--ready-file FILE is for a readiness probe: after every sync FILE says\n"
               "\"ready\" when every key is installed, or why not when a key was\n"
               "refused or could not be written (the node keeps the last good files);\n"
               "it is removed at start, so a Pod is not ready before its first sync.\n"
               "--probe FILE exits 0 when FILE says ready, else prints it and exits 1:\n"
               "the DaemonSet's readinessProbe, so a failed sync shows in the Pod's\n"
               "status and events, not only in its log.\n"
               "\n"
               "Options:\n"
               "  --root DIR          the kubelet's seccomp root (default %s)\n"
               "  --from DIR          source directory for PROFILE names\n"
               "  --watch DIR         watch DIR and keep the root in sync\n"
               "  --once              with --watch: sync once and exit\n"
               "  --duration SECONDS  with --watch: stop after SECONDS, more than 0 and\n"
               "                      at most 1e9 (default: run until SIGTERM/SIGINT)\n"
               "  --adopt             with --watch: take over (replace, and later\n"
               "                      remove) files of the same name it did not install\n"
               "  --normalize         write YAML, non-strict JSON and config.json input\n"
               "                      as the strict JSON the runtime reads\n"
               "  --ready-file FILE   with --watch: keep FILE saying whether the last\n"
               "                      sync installed everything\n"
               "  --probe FILE        exit 0 if FILE says ready, else print it, exit 1\n"
               "  --dry-run           validate and say what would be written\n"
               "  -q, --quiet         print only errors\n"
               "  -h, --help          show this help\n"
               "\n"
               "Exit status:\n"
               "  0  every profile installed (or unchanged); with --watch, the last\n"
               "     sync succeeded\n"
               "  1  a profile was invalid or could not be written\n"
               "  2  usage error\n"
               "\n"
               "Examples:\n"
               "  %s install --root /var/lib/kubelet/seccomp profiles/audit.json\n"
               "  %s install --root /host/seccomp --from /profiles\n"
               "  %s install --root /host/seccomp/seccompctl --watch /profiles\n",
               program_name, program_name, program_name, program_name,
               KUBE_DEFAULT_SECCOMP_ROOT, program_name, program_name, program_name);
}

struct install_opts {
        const char *root;
        bool dry_run, quiet, normalize, adopt;
        const char *ready_file; /* --ready-file */
};

/* Names in the root that belong to seccompctl itself: the state file
 * and the temporary files of write_file_at (fileio.h). */
#define RESERVED_PREFIX ".seccompctl"

/* Relative paths made of plain components only: what we are willing to
 * create under the root. */
static bool safe_relative(const char *p)
{
        if (!*p || p[0] == '/')
                return false;
        _cleanup_free_ char *copy = xstrdup(p);
        for (char *save = NULL, *tok = strtok_r(copy, "/", &save); tok;
             tok = strtok_r(NULL, "/", &save))
                if (streq(tok, "..") || streq(tok, ".") || startswith(tok, RESERVED_PREFIX))
                        return false;
        for (const char *c = p; *c; c++)
                if ((unsigned char)*c < 0x20 || *c == 0x7f)
                        return false;
        return true;
}

static bool same_content_at(int dir_fd, const char *name, const char *buf, size_t len)
{
        _cleanup_free_ char *old = NULL;
        size_t old_len;
        if (read_file_at(dir_fd, name, SC_MAX_INPUT_SIZE, &old, &old_len) < 0)
                return false;
        return old_len == len && memcmp(old, buf, len) == 0;
}

/* The root as the runtime reads it: symlinks in DIR itself and above it
 * are followed (/var/lib/kubelet -> /data/kubelet: the kubelet joins
 * localhostProfile to the configured path and the runtime opens that),
 * none below it (fileio.h's walk).  create: mkdir -p it first.
 * -ENOENT when it is missing and !create. */
static int open_root(const struct install_opts *o, bool create, int *ret_fd)
{
        if (create) {
                int r = mkdir_p(o->root, 0755);
                if (r < 0)
                        return r;
        }
        int fd = open(o->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        *ret_fd = fd;
        return 0;
}

/* r from a walk below the root (err_at as fileio.h says): a symlink, a
 * non-directory or a dot component is refused with the component named;
 * anything else is "cannot VERB".  Returns r. */
static int beneath_error(const struct install_opts *o, const char *verb,
                         const char *rel, int r, size_t err_at)
{
        _cleanup_free_ char *dest = xasprintf("%s/%s", o->root, rel);
        _cleanup_free_ char *shown = sc_escape(dest); /* names come from manifests */
        static const struct {
                int r;
                const char *why;
        } refusals[] = {
                { -ELOOP, "is a symlink (nothing is written through a symlink "
                          "under the root)" },
                { -ENOTDIR, "is not a directory" },
                { -EINVAL, "is not a plain name" },
        };
        for (size_t i = 0; i < ELEMENTSOF(refusals); i++)
                if (r == refusals[i].r) {
                        _cleanup_free_ char *at = xasprintf("%s/%.*s", o->root,
                                                            (int)err_at, rel);
                        _cleanup_free_ char *shown_at = sc_escape(at);
                        cli_error("refusing to %s %s: %s %s", verb, shown, shown_at,
                                  refusals[i].why);
                        return r;
                }
        return cli_error_errno(r, "cannot %s %s", verb, shown);
}

/* Relative paths, each with the source key it came from (the watcher
 * remembers what it installed from which ConfigMap key). */
struct names {
        char **v, **key;
        size_t n, alloc;
};

static void names_add2(struct names *s, const char *name, const char *key)
{
        if (s->n >= s->alloc) {
                s->alloc = s->alloc ? s->alloc * 2 : 8;
                s->v = xreallocarray(s->v, s->alloc, sizeof(char *));
                s->key = xreallocarray(s->key, s->alloc, sizeof(char *));
        }
        s->v[s->n] = xstrdup(name);
        s->key[s->n++] = key ? xstrdup(key) : NULL;
}

static void names_add(struct names *s, const char *name)
{
        names_add2(s, name, NULL);
}

static bool names_has(const struct names *s, const char *name)
{
        for (size_t i = 0; i < s->n; i++)
                if (streq(s->v[i], name))
                        return true;
        return false;
}

static void names_clear(struct names *s)
{
        for (size_t i = 0; i < s->n; i++) {
                free(s->v[i]);
                free(s->key[i]);
        }
        free(s->v);
        free(s->key);
        *s = (struct names){};
}

/* One file to place under the root, and the source key it comes from. */
struct planned {
        char *rel, *key, *text;
        size_t len;
        bool conflict;
};

struct plan {
        struct planned *v;
        size_t n, alloc;
};

static void plan_clear(struct plan *p)
{
        for (size_t i = 0; i < p->n; i++) {
                free(p->v[i].rel);
                free(p->v[i].key);
                free(p->v[i].text);
        }
        free(p->v);
        *p = (struct plan){};
}

static void plan_add(struct plan *p, const char *rel, const char *key, char *text,
                     size_t len)
{
        GROW(p->v, p->n, p->alloc);
        p->v[p->n++] = (struct planned){ xstrdup(rel), key ? xstrdup(key) : NULL,
                                         text, len, false };
}

/* Validate src and plan it as rel (or, for SPO resources, as
 * dirname(rel)/NAME.json).  rel is NULL for standard input. */
static int plan_file(const struct install_opts *o, const char *src,
                     const char *rel, const char *key, struct plan *plan)
{
        const char *shown = streq(src, "-") ? "<stdin>" : src;
        _cleanup_free_ char *buf = NULL;
        size_t len = 0;
        int r = read_file_bounded(src, SC_MAX_INPUT_SIZE, &buf, &len);
        if (r < 0)
                return cli_error_errno(r, "cannot read %s", shown);

        struct sc_profile_set set = {};
        bool raw = false;
        r = cli_load_node_profiles(src, buf, len, o->normalize, o->quiet, &set, &raw);
        if (r < 0) {
                cli_error("refusing to install %s: %s", shown,
                          r == -EMEDIUMTYPE ? "not what the runtime reads"
                                            : "it does not pass 'check'");
                return r;
        }

        int ret = 0;
        bool spo = false;
        for (size_t i = 0; i < set.n; i++)
                if (set.profiles[i]->name)
                        spo = true;
        if (!spo) {
                if (!rel) {
                        cli_error("%s: a profile on standard input has no file name; "
                                  "give it as a file (SPO SeccompProfiles are "
                                  "installed as NAME.json)", shown);
                        ret = -EINVAL;
                } else if (raw)
                        plan_add(plan, rel, key, TAKE_PTR(buf), len);
                else {
                        char *text = cli_node_json(set.profiles[0]);
                        plan_add(plan, rel, key, text, strlen(text));
                }
        } else {
                /* SPO resources: one OCI JSON file per SeccompProfile, as
                 * the operator itself writes them to the node. */
                _cleanup_free_ char *dir = xstrdup(rel ? rel : "");
                char *slash = strrchr(dir, '/');
                if (slash)
                        slash[1] = 0;
                else
                        dir[0] = 0;
                for (size_t i = 0; i < set.n; i++) {
                        const char *name = set.profiles[i]->name;
                        /* The API server takes only DNS-1123 subdomains:
                         * anything else (a newline, a tab, a '/') is forged
                         * and would become a path and a state line. */
                        if (!name || !kube_dns1123_subdomain(name)) {
                                _cleanup_free_ char *q = sc_quote(name ? name : "");
                                cli_error("%s: SeccompProfile name %s is not a DNS-1123 "
                                          "subdomain (lower-case letters, digits, '-' "
                                          "and '.'); not installed", shown, q);
                                ret = -EINVAL;
                                continue;
                        }
                        _cleanup_free_ char *out = xasprintf("%s%s.json", dir, name);
                        char *text = cli_node_json(set.profiles[i]);
                        plan_add(plan, out, key, text, strlen(text));
                }
        }
        sc_profile_set_clear(&set);
        return ret;
}

/* Write one planned file.  mine: what the watcher installed before (NULL
 * outside --watch); a file it did not install is left alone unless
 * --adopt.  Returns 1 when the file is now the watcher's. */
static int write_one(const struct install_opts *o, const struct planned *f,
                     const struct names *mine)
{
        _cleanup_free_ char *dest = xasprintf("%s/%s", o->root, f->rel);
        _cleanup_free_ char *shown = sc_escape(dest); /* names come from manifests */
        _cleanup_close_ int root_fd = -1, dir_fd = -1;
        const char *name = NULL;
        size_t at = 0;
        /* What is there now, looked at through the same walk as the
         * write: a missing root or directory means nothing is. */
        int r = open_root(o, false, &root_fd);
        if (r >= 0)
                r = open_parent_beneath(root_fd, f->rel, false, &dir_fd, &name, &at);
        if (r < 0 && r != -ENOENT)
                return beneath_error(o, "install", f->rel, r, at);
        struct stat st;
        bool exists = dir_fd >= 0 && fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
        /* A symlink at the name is replaced by the rename, never followed;
         * a FIFO would block a reader, a directory cannot be renamed
         * over. */
        bool link = exists && S_ISLNK(st.st_mode);
        if (exists && !S_ISREG(st.st_mode) && !link) {
                cli_error("refusing to install %s: something that is not a regular "
                          "file or a symlink is there", shown);
                return -EEXIST;
        }
        bool same = exists && !link && same_content_at(dir_fd, name, f->text, f->len);
        if (exists && mine && !names_has(mine, f->rel) && !o->adopt) {
                if (same) {
                        if (!o->quiet)
                                printf("unchanged %s (not installed by the watcher: "
                                       "left alone)\n", shown);
                        return 0;
                }
                cli_error("refusing to replace %s: the watcher did not install it "
                          "(--adopt takes such files over)", shown);
                return -EEXIST;
        }
        if (same) {
                if (!o->quiet)
                        printf("unchanged %s\n", shown);
                return 1;
        }
        if (o->dry_run) {
                printf("would install %s\n", shown);
                return 1;
        }
        if (root_fd < 0) {
                r = open_root(o, true, &root_fd);
                if (r < 0)
                        return cli_error_errno(r, "cannot write %s", shown);
        }
        r = write_file_beneath(root_fd, f->rel, f->text, f->len, 0644, &at);
        if (r < 0)
                return beneath_error(o, "install", f->rel, r, at);
        if (!o->quiet)
                printf("installed %s\n", shown);
        return 1;
}

/* Two keys (or two SPO resources) that would write one file: the last
 * would win silently on every sync.  Mark every entry of such a file;
 * none of them is written. */
static int plan_conflicts(struct plan *p)
{
        int ret = 0;
        for (size_t i = 0; i < p->n; i++)
                for (size_t j = i + 1; j < p->n; j++) {
                        if (!streq(p->v[i].rel, p->v[j].rel))
                                continue;
                        if (!p->v[i].conflict || !p->v[j].conflict)
                                cli_error("%s and %s both install %s; keeping what is "
                                          "there", p->v[i].key ? p->v[i].key : "?",
                                          p->v[j].key ? p->v[j].key : "?", p->v[i].rel);
                        p->v[i].conflict = p->v[j].conflict = true;
                        ret = -EEXIST;
                }
        return ret;
}

/* Every regular file (or symlink to one) at the top of dir whose name is
 * a ConfigMap key, sorted.  The kubelet's own entries ("..data", the
 * timestamped directories) start with "..", which no key can;
 * ".dot.json" is a valid key and is installed. */
static int list_dir(const char *dir, struct names *ret)
{
        struct dirent **ents;
        int k = scandir(dir, &ents, NULL, alphasort);
        if (k < 0)
                return -errno;
        for (int i = 0; i < k; i++) {
                const char *n = ents[i]->d_name;
                struct stat st;
                _cleanup_free_ char *p = xasprintf("%s/%s", dir, n);
                if (startswith(n, "..") || streq(n, ".") || stat(p, &st) < 0 ||
                    !S_ISREG(st.st_mode))
                        ;
                else if (!kube_configmap_key(n) || startswith(n, RESERVED_PREFIX)) {
                        _cleanup_free_ char *q = sc_quote(n);
                        cli_error("%s: skipping %s: not a ConfigMap key%s", dir, q,
                                  kube_configmap_key(n) ? " seccompctl may use" : "");
                } else
                        names_add(ret, n);
                free(ents[i]);
        }
        free(ents);
        return 0;
}

/* What the watcher installed, kept in the root so that a restarted
 * DaemonSet Pod still removes the files of keys deleted while it was
 * down.  Keys are reserved from RESERVED_PREFIX, so none collides. */
#define STATE_FILE RESERVED_PREFIX "-installed"

/* A state line names what the watcher may delete: a ConfigMap key and
 * the file at the top of the root that it produced (the key itself, or
 * NAME.json of an SPO resource, DNS-1123), never a tab, a newline or a
 * '/': a forged name cannot add a line, and a line an older version
 * wrote from one ("KEY\tother-team/victim") is ignored. */
static bool state_entry_ok(const char *key, const char *path)
{
        return kube_configmap_key(key) && kube_configmap_key(path) &&
               safe_relative(path);
}

static void state_load(const struct install_opts *o, struct names *installed)
{
        _cleanup_close_ int root_fd = -1;
        _cleanup_free_ char *buf = NULL;
        if (open_root(o, false, &root_fd) < 0)
                return;
        /* Not through a symlink: an administrator's link there would
         * have the watcher delete what some other file names. */
        int r = read_file_at(root_fd, STATE_FILE, 1U << 20, &buf, NULL);
        if (r < 0) {
                if (r != -ENOENT)
                        beneath_error(o, "read", STATE_FILE, r, strlen(STATE_FILE));
                return;
        }
        /* Lines are "KEY<TAB>PATH"; anything else is ignored. */
        for (char *save = NULL, *line = strtok_r(buf, "\n", &save); line;
             line = strtok_r(NULL, "\n", &save)) {
                char *tab = strchr(line, '\t');
                if (!tab)
                        continue;
                *tab = 0;
                if (state_entry_ok(line, tab + 1) && !names_has(installed, tab + 1))
                        names_add2(installed, tab + 1, line);
        }
}

static int state_save(const struct install_opts *o, const struct names *installed)
{
        if (o->dry_run)
                return 0;
        struct strbuf sb = {};
        for (size_t i = 0; i < installed->n; i++)
                if (installed->key[i] && state_entry_ok(installed->key[i], installed->v[i]))
                        strbuf_printf(&sb, "%s\t%s\n", installed->key[i], installed->v[i]);
        _cleanup_close_ int root_fd = -1;
        size_t at = 0;
        int r = open_root(o, true, &root_fd);
        if (r >= 0)
                r = write_file_beneath(root_fd, STATE_FILE, sb.buf ? sb.buf : "", sb.len,
                                       0644, &at);
        strbuf_clear(&sb);
        if (r < 0)
                return beneath_error(o, "write", STATE_FILE, r, at);
        return 0;
}

/* Remove what the watcher installed at rel (nothing else: a file that is
 * no longer a regular one is left, and nothing through a symlink). */
static int remove_installed(const struct install_opts *o, const char *rel)
{
        _cleanup_free_ char *dest = xasprintf("%s/%s", o->root, rel);
        _cleanup_free_ char *shown = sc_escape(dest);
        _cleanup_close_ int root_fd = -1, dir_fd = -1;
        const char *name = NULL;
        size_t at = 0;
        struct stat st;
        int r = open_root(o, false, &root_fd);
        if (r >= 0)
                r = open_parent_beneath(root_fd, rel, false, &dir_fd, &name, &at);
        if (r == -ENOENT)
                return 0;
        if (r < 0)
                return beneath_error(o, "remove", rel, r, at);
        if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                return errno == ENOENT ? 0 : cli_error_errno(-errno, "cannot remove %s", shown);
        if (!S_ISREG(st.st_mode)) {
                cli_error("not removing %s: no longer a regular file", shown);
                return 0;
        }
        if (o->dry_run)
                printf("would remove %s\n", shown);
        else if (unlinkat(dir_fd, name, 0) < 0 && errno != ENOENT)
                return cli_error_errno(-errno, "cannot remove %s", shown);
        else if (!o->quiet)
                printf("removed %s\n", shown);
        return 0;
}

/* Keep what the watcher had installed for key (or at rel): an invalid
 * or conflicting update leaves the node as it was. */
static void keep_previous(const struct names *installed, const char *key,
                          const char *rel, struct names *wrote)
{
        for (size_t j = 0; j < installed->n; j++)
                if ((key && installed->key[j] && streq(installed->key[j], key)) ||
                    (rel && streq(installed->v[j], rel)))
                        if (!names_has(wrote, installed->v[j]))
                                names_add2(wrote, installed->v[j], installed->key[j]);
}

static int sync_dir(const struct install_opts *o, const char *dir,
                    struct names *installed)
{
        struct names now = {}, wrote = {};
        struct plan plan = {};
        int ret = 0, r = list_dir(dir, &now);
        if (r < 0) {
                names_clear(&now);
                return cli_error_errno(r, "cannot list %s", dir);
        }
        for (size_t i = 0; i < now.n; i++) {
                _cleanup_free_ char *src = xasprintf("%s/%s", dir, now.v[i]);
                r = plan_file(o, src, now.v[i], now.v[i], &plan);
                if (r < 0) {
                        ret = r;
                        keep_previous(installed, now.v[i], NULL, &wrote);
                }
        }
        if (plan_conflicts(&plan) < 0)
                ret = -EEXIST;
        for (size_t i = 0; i < plan.n; i++) {
                const struct planned *f = &plan.v[i];
                if (f->conflict) {
                        keep_previous(installed, NULL, f->rel, &wrote);
                        continue;
                }
                r = write_one(o, f, installed);
                if (r < 0) {
                        ret = r;
                        keep_previous(installed, NULL, f->rel, &wrote);
                } else if (r > 0 && !names_has(&wrote, f->rel))
                        names_add2(&wrote, f->rel, f->key);
        }
        /* Keys that disappeared: remove what this process put there, and
         * nothing else (other profiles in the root are not ours). */
        for (size_t i = 0; i < installed->n; i++) {
                if (names_has(&wrote, installed->v[i]))
                        continue;
                if (remove_installed(o, installed->v[i]) < 0)
                        ret = -EIO;
        }
        names_clear(installed);
        *installed = wrote;
        names_clear(&now);
        plan_clear(&plan);
        if (state_save(o, installed) < 0)
                ret = -EIO;
        return ret;
}

/* install FILE... and --from: write what validates; no ownership. */
static int install_file(const struct install_opts *o, const char *src,
                        const char *rel)
{
        struct plan plan = {};
        int ret = plan_file(o, src, rel, rel, &plan);
        if (plan_conflicts(&plan) < 0)
                ret = -EEXIST;
        for (size_t i = 0; i < plan.n; i++) {
                if (plan.v[i].conflict)
                        continue;
                if (write_one(o, &plan.v[i], NULL) < 0)
                        ret = -EIO;
        }
        plan_clear(&plan);
        return ret;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
        (void)sig;
        stop = 1;
}

static int64_t now_ms(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* --ready-file: what the readiness probe reads.  Written atomically, so
 * the probe never reads half a line. */
static void ready_update(const struct install_opts *o, const char *dir, bool ok)
{
        if (!o->ready_file)
                return;
        _cleanup_free_ char *text = NULL;
        if (ok)
                text = xasprintf("ready: every key of %s is installed under %s\n", dir,
                                 o->root);
        else {
                char when[64] = "";
                time_t t = time(NULL);
                struct tm tm;
                if (gmtime_r(&t, &tm))
                        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
                text = xasprintf("not ready: the sync of %s at %s failed (a key was "
                                 "refused or could not be written; the container's "
                                 "log names it); the node keeps the last good files\n",
                                 dir, when);
        }
        int r = write_file_atomic(o->ready_file, text, strlen(text), 0644);
        if (r < 0)
                cli_error_errno(r, "cannot write %s", o->ready_file);
}

static int probe(const char *path)
{
        _cleanup_free_ char *buf = NULL;
        size_t len = 0;
        int r = read_file_bounded(path, 4096, &buf, &len);
        if (r < 0) {
                printf("not ready: %s: %s (no sync has completed yet)\n", path,
                       strerror(-r));
                return 1;
        }
        while (len > 0 && buf[len - 1] == '\n')
                buf[--len] = 0;
        _cleanup_free_ char *safe = sc_escape(buf);
        /* the text with its quotes stripped: it is ours, escaped anyway */
        size_t n = strlen(safe);
        if (n >= 2 && safe[0] == '"' && safe[n - 1] == '"') {
                safe[n - 1] = 0;
                memmove(safe, safe + 1, n - 1);
        }
        printf("%s\n", safe);
        return startswith(buf, "ready:") ? 0 : 1;
}

static int watch(const struct install_opts *o, const char *dir, bool once,
                 double duration)
{
        struct names installed = {};
        state_load(o, &installed);
        if (o->ready_file && unlink(o->ready_file) < 0 && errno != ENOENT)
                cli_error_errno(-errno, "cannot remove %s", o->ready_file);
        int ret = sync_dir(o, dir, &installed) < 0 ? 1 : 0;
        ready_update(o, dir, ret == 0);
        if (once) {
                names_clear(&installed);
                return ret;
        }
        _cleanup_close_ int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
        if (fd < 0 ||
            inotify_add_watch(fd, dir, IN_CREATE | IN_DELETE | IN_MOVED_TO |
                                               IN_MOVED_FROM | IN_CLOSE_WRITE |
                                               IN_ATTRIB | IN_DELETE_SELF |
                                               IN_MOVE_SELF) < 0) {
                names_clear(&installed);
                cli_error_errno(-errno, "cannot watch %s", dir);
                return 1;
        }
        struct sigaction sa = { .sa_handler = on_signal };
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);

        int64_t end = duration > 0 ? now_ms() + (int64_t)(duration * 1000) : -1;
        /* The exit status says whether the node is in sync now: that of
         * the last sync, not of any earlier one that a later update
         * fixed. */
        while (!stop) {
                int timeout = -1;
                if (end >= 0) {
                        int64_t left = end - now_ms();
                        if (left <= 0)
                                break;
                        timeout = left > 60000 ? 60000 : (int)left;
                }
                struct pollfd p = { .fd = fd, .events = POLLIN };
                int k = poll(&p, 1, timeout);
                if (k < 0 && errno != EINTR) {
                        ret = 1;
                        break;
                }
                if (k <= 0)
                        continue;
                /* Drain the batch: one re-sync covers all of it. */
                char ev[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
                bool gone = false;
                ssize_t n;
                while ((n = read(fd, ev, sizeof ev)) > 0)
                        for (char *q = ev; q < ev + n;) {
                                const struct inotify_event *e = (const void *)q;
                                if (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED))
                                        gone = true;
                                q += sizeof(*e) + e->len;
                        }
                if (gone) {
                        cli_error("%s was removed; stopping", dir);
                        ret = 1;
                        break;
                }
                int k2 = sync_dir(o, dir, &installed);
                ret = k2 < 0 ? 1 : 0;
                ready_update(o, dir, k2 >= 0);
                fflush(stdout);
        }
        names_clear(&installed);
        return ret;
}

struct install_args {
        const char *from, *watch_dir;
        bool once;
        double duration;
};

/* -1 to go on, else the exit status (help printed, --probe done, or a
 * usage error). */
static int parse_options(int argc, char **argv, struct install_opts *o,
                         struct install_args *a)
{
        enum { OPT_ROOT = 256, OPT_FROM, OPT_WATCH, OPT_ONCE, OPT_DURATION, OPT_DRY,
               OPT_NORMALIZE, OPT_ADOPT, OPT_READY, OPT_PROBE };
        static const struct option options[] = {
                { "ready-file", required_argument, NULL, OPT_READY },
                { "probe", required_argument, NULL, OPT_PROBE },
                { "root", required_argument, NULL, OPT_ROOT },
                { "from", required_argument, NULL, OPT_FROM },
                { "watch", required_argument, NULL, OPT_WATCH },
                { "once", no_argument, NULL, OPT_ONCE },
                { "duration", required_argument, NULL, OPT_DURATION },
                { "dry-run", no_argument, NULL, OPT_DRY },
                { "normalize", no_argument, NULL, OPT_NORMALIZE },
                { "adopt", no_argument, NULL, OPT_ADOPT },
                { "quiet", no_argument, NULL, 'q' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        int c;

        optind = 0;
        while ((c = getopt_long(argc, argv, "qh", options, NULL)) >= 0)
                switch (c) {
                case OPT_ROOT:
                        o->root = optarg;
                        break;
                case OPT_FROM:
                        a->from = optarg;
                        break;
                case OPT_WATCH:
                        a->watch_dir = optarg;
                        break;
                case OPT_ONCE:
                        a->once = true;
                        break;
                case OPT_DURATION:
                        if (cli_parse_duration("install", optarg, &a->duration) < 0)
                                return EXIT_USAGE;
                        break;
                case OPT_DRY:
                        o->dry_run = true;
                        break;
                case OPT_NORMALIZE:
                        o->normalize = true;
                        break;
                case OPT_ADOPT:
                        o->adopt = true;
                        break;
                case OPT_READY:
                        o->ready_file = optarg;
                        break;
                case OPT_PROBE:
                        if (argc != 3) {
                                cli_error("install: --probe FILE takes nothing else");
                                return EXIT_USAGE;
                        }
                        return probe(optarg);
                case 'q':
                        o->quiet = true;
                        break;
                case 'h':
                        help();
                        return EXIT_OK;
                default:
                        return EXIT_USAGE;
                }
        return -1;
}

/* --from DIR alone: every profile in it.  EXIT_OK or EXIT_FAILED. */
static int install_dir(const struct install_opts *o, const char *from)
{
        struct names all = {};
        int ret = EXIT_OK;
        int r = list_dir(from, &all);
        if (r < 0) {
                cli_error_errno(r, "cannot list %s", from);
                return EXIT_FAILED;
        }
        for (size_t i = 0; i < all.n; i++) {
                _cleanup_free_ char *src = xasprintf("%s/%s", from, all.v[i]);
                if (install_file(o, src, all.v[i]) < 0)
                        ret = EXIT_FAILED;
        }
        names_clear(&all);
        return ret;
}

/* One PROFILE argument: where it is read from (under --from, or as given)
 * and its name under the root (NULL for standard input, where SPO
 * resources name themselves).  EXIT_OK or EXIT_FAILED. */
static int install_arg(const struct install_opts *o, const char *from, const char *arg)
{
        _cleanup_free_ char *src = NULL;
        const char *rel;
        if (from) {
                if (!safe_relative(arg)) {
                        cli_error("install: %s: with --from, PROFILE must be "
                                  "a relative path without '..'", arg);
                        return EXIT_FAILED;
                }
                src = xasprintf("%s/%s", from, arg);
                rel = arg;
        } else if (streq(arg, "-")) {
                src = xstrdup(arg);
                rel = NULL;
        } else {
                src = xstrdup(arg);
                const char *base = strrchr(arg, '/');
                rel = safe_relative(arg) ? arg : base ? base + 1 : arg;
                if (!safe_relative(rel)) {
                        _cleanup_free_ char *q = sc_quote(arg);
                        cli_error("install: %s: not a file name to install under "
                                  "the root", q);
                        return EXIT_FAILED;
                }
        }
        return install_file(o, src, rel) < 0 ? EXIT_FAILED : EXIT_OK;
}

int verb_install(int argc, char **argv)
{
        struct install_opts o = { .root = KUBE_DEFAULT_SECCOMP_ROOT };
        struct install_args a = {};
        int ret = parse_options(argc, argv, &o, &a);
        if (ret >= 0)
                return ret;

        if (a.watch_dir) {
                if (a.from || optind < argc) {
                        cli_error("install: --watch takes no PROFILE and no --from");
                        return EXIT_USAGE;
                }
                setvbuf(stdout, NULL, _IOLBF, 0);
                return watch(&o, a.watch_dir, a.once, a.duration);
        }
        if (a.once || a.duration > 0 || o.adopt || o.ready_file) {
                cli_error("install: --once, --duration, --adopt and --ready-file need --watch");
                return EXIT_USAGE;
        }
        if (!a.from && optind >= argc) {
                cli_error("install: no PROFILE given (see '%s install --help')",
                          program_name);
                return EXIT_USAGE;
        }
        if (a.from && optind >= argc)
                return install_dir(&o, a.from);
        ret = EXIT_OK;
        for (int i = optind; i < argc; i++)
                if (install_arg(&o, a.from, argv[i]) != EXIT_OK)
                        ret = EXIT_FAILED;
        return ret;
}
