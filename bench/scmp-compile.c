/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The reference for the start-up benchmark (bench/startup.c): the same
 * JSON-to-BPF job as `seccompctl compile PROFILE -o OUT`, done the way a
 * C program would do it with the libraries runc's stack uses: json-c
 * reads the profile, moby's rules resolve the Docker format for this
 * machine's arch (archMap, includes/excludes with Docker's default
 * capabilities and this kernel, as profiles/seccomp/seccomp_linux.go),
 * then libseccomp 2.5.4 builds the filter as runc 1.1.5 drives it
 * (libcontainer/seccomp/seccomp_linux.go: rules with the default action
 * skipped, names resolved on the native arch, an argument index given
 * twice -> one rule per condition, the binary tree above 32 rules) and
 * seccomp_export_bpf() writes it to OUT.  runc's ENOSYS stub (patchbpf)
 * is left out, which only makes the reference faster.
 *
 * Deliberately standalone: it links json-c and libseccomp only (not
 * libseccompctl, not libyaml/libbpf), so its start-up is what such a
 * program pays.
 *
 *   bench/scmp-compile PROFILE OUT
 */
#include <errno.h>
#include <fcntl.h>
#include <json.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/utsname.h>
#include <unistd.h>

/* Docker's default capability set (oci/caps/defaults.go). */
static const char *const default_caps[] = {
        "CAP_CHOWN",  "CAP_DAC_OVERRIDE", "CAP_FSETID",           "CAP_FOWNER",
        "CAP_MKNOD",  "CAP_NET_RAW",      "CAP_SETGID",           "CAP_SETUID",
        "CAP_SETFCAP", "CAP_SETPCAP",     "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
        "CAP_KILL",   "CAP_AUDIT_WRITE",
};

static const struct {
        const char *name;
        uint32_t action;
} actions[] = {
        { "SCMP_ACT_KILL", SCMP_ACT_KILL_THREAD },
        { "SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD },
        { "SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS },
        { "SCMP_ACT_TRAP", SCMP_ACT_TRAP },
        { "SCMP_ACT_ERRNO", SCMP_ACT_ERRNO(0) },
        { "SCMP_ACT_TRACE", SCMP_ACT_TRACE(0) },
        { "SCMP_ACT_ALLOW", SCMP_ACT_ALLOW },
        { "SCMP_ACT_LOG", SCMP_ACT_LOG },
        { "SCMP_ACT_NOTIFY", SCMP_ACT_NOTIFY },
};

static const struct {
        const char *name;
        enum scmp_compare op;
} ops[] = {
        { "SCMP_CMP_NE", SCMP_CMP_NE }, { "SCMP_CMP_LT", SCMP_CMP_LT },
        { "SCMP_CMP_LE", SCMP_CMP_LE }, { "SCMP_CMP_EQ", SCMP_CMP_EQ },
        { "SCMP_CMP_GE", SCMP_CMP_GE }, { "SCMP_CMP_GT", SCMP_CMP_GT },
        { "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
};

/* runtime.GOARCH as moby spells it in "arches", for the native arch. */
static const char *native_go_arch(void)
{
        switch (seccomp_arch_native()) {
        case SCMP_ARCH_X86_64: return "amd64";
        case SCMP_ARCH_AARCH64: return "arm64";
        case SCMP_ARCH_PPC64LE: return "ppc64le";
        case SCMP_ARCH_S390X: return "s390x";
        case SCMP_ARCH_RISCV64: return "riscv64";
        default: return "?";
        }
}

static int die(const char *what)
{
        fprintf(stderr, "scmp-compile: %s\n", what);
        exit(1);
}

static const char *str(json_object *o, const char *key)
{
        json_object *v;
        return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
                       ? json_object_get_string(v)
                       : NULL;
}

static json_object *arr(json_object *o, const char *key)
{
        json_object *v;
        return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_array)
                       ? v
                       : NULL;
}

static bool in_array(json_object *a, const char *s, bool nocase)
{
        size_t n = a ? json_object_array_length(a) : 0;
        for (size_t i = 0; i < n; i++) {
                const char *t = json_object_get_string(json_object_array_get_idx(a, i));
                if (t && (nocase ? strcasecmp(t, s) : strcmp(t, s)) == 0)
                        return true;
        }
        return false;
}

static bool has_cap(const char *cap)
{
        for (size_t i = 0; i < sizeof(default_caps) / sizeof(*default_caps); i++)
                if (strcasecmp(default_caps[i], cap) == 0)
                        return true;
        return false;
}

static bool kernel_at_least(const char *v)
{
        static unsigned kmaj, kmin;
        unsigned maj, min;
        if (!kmaj) {
                struct utsname u;
                if (uname(&u) < 0 || sscanf(u.release, "%u.%u", &kmaj, &kmin) != 2)
                        die("uname");
        }
        if (!v || sscanf(v, "%u.%u", &maj, &min) != 2)
                return false;
        return kmaj > maj || (kmaj == maj && kmin >= min);
}

/* moby's includes/excludes test, in its order. */
static bool applies(json_object *call)
{
        json_object *ex, *in;
        const char *go = native_go_arch();
        if (json_object_object_get_ex(call, "excludes", &ex)) {
                json_object *caps = arr(ex, "caps");
                if (in_array(arr(ex, "arches"), go, false))
                        return false;
                for (size_t i = 0; caps && i < json_object_array_length(caps); i++)
                        if (has_cap(json_object_get_string(json_object_array_get_idx(caps, i))))
                                return false;
                if (str(ex, "minKernel") && kernel_at_least(str(ex, "minKernel")))
                        return false;
        }
        if (json_object_object_get_ex(call, "includes", &in)) {
                json_object *arches = arr(in, "arches"), *caps = arr(in, "caps");
                if (arches && json_object_array_length(arches) && !in_array(arches, go, false))
                        return false;
                for (size_t i = 0; caps && i < json_object_array_length(caps); i++)
                        if (!has_cap(json_object_get_string(json_object_array_get_idx(caps, i))))
                                return false;
                if (str(in, "minKernel") && !kernel_at_least(str(in, "minKernel")))
                        return false;
        }
        return true;
}

static uint32_t action(const char *name, json_object *errno_ret, int def_errno)
{
        for (size_t i = 0; name && i < sizeof(actions) / sizeof(*actions); i++) {
                if (strcmp(actions[i].name, name) != 0)
                        continue;
                if (actions[i].action == SCMP_ACT_ERRNO(0))
                        return SCMP_ACT_ERRNO(errno_ret ? json_object_get_int(errno_ret)
                                                        : def_errno);
                return actions[i].action;
        }
        die("unknown action");
        return 0;
}

static int arg_cmp(json_object *a, struct scmp_arg_cmp *ret)
{
        json_object *v;
        const char *op = str(a, "op");
        *ret = (struct scmp_arg_cmp){ 0 };
        if (json_object_object_get_ex(a, "index", &v))
                ret->arg = (unsigned)json_object_get_int(v);
        if (json_object_object_get_ex(a, "value", &v))
                ret->datum_a = json_object_get_uint64(v);
        if (json_object_object_get_ex(a, "valueTwo", &v))
                ret->datum_b = json_object_get_uint64(v);
        for (size_t i = 0; op && i < sizeof(ops) / sizeof(*ops); i++)
                if (strcmp(ops[i].name, op) == 0) {
                        ret->op = ops[i].op;
                        return 0;
                }
        return die("unknown operator");
}

/* runc's per-name rule: one rule with every condition, or one rule per
 * condition when an argument index repeats. */
static void add_rule(scmp_filter_ctx ctx, uint32_t act, int nr, json_object *args)
{
        size_t n = args ? json_object_array_length(args) : 0;
        struct scmp_arg_cmp c[6];
        unsigned seen = 0;
        bool split = false;

        if (n > 6)
                split = true;
        for (size_t i = 0; i < n && i < 6; i++) {
                arg_cmp(json_object_array_get_idx(args, i), &c[i]);
                if (seen & (1U << c[i].arg))
                        split = true;
                seen |= 1U << c[i].arg;
        }
        if (!split) {
                if (seccomp_rule_add_array(ctx, act, nr, (unsigned)n, c) < 0)
                        die("seccomp_rule_add_array");
                return;
        }
        for (size_t i = 0; i < n; i++) {
                arg_cmp(json_object_array_get_idx(args, i), &c[0]);
                if (seccomp_rule_add_array(ctx, act, nr, 1, c) < 0)
                        die("seccomp_rule_add_array");
        }
}

/* "SCMP_ARCH_X86_64" -> libseccomp's token (its names are "x86_64"). */
static uint32_t arch_token(const char *name)
{
        char lower[32];
        size_t i;

        if (!name || strncmp(name, "SCMP_ARCH_", 10) != 0 || strlen(name + 10) >= sizeof(lower))
                return 0;
        for (i = 0; name[10 + i]; i++)
                lower[i] = (char)(name[10 + i] >= 'A' && name[10 + i] <= 'Z' ? name[10 + i] + 32
                                                                            : name[10 + i]);
        lower[i] = '\0';
        return seccomp_arch_resolve_name(lower);
}

static void add_arches(scmp_filter_ctx ctx, json_object *root)
{
        json_object *map = arr(root, "archMap"), *list = arr(root, "architectures");
        uint32_t native = seccomp_arch_native();

        for (size_t i = 0; map && i < json_object_array_length(map); i++) {
                json_object *m = json_object_array_get_idx(map, i);
                if (arch_token(str(m, "architecture")) != native)
                        continue;
                list = arr(m, "subArchitectures");
                break;
        }
        for (size_t i = 0; list && i < json_object_array_length(list); i++) {
                uint32_t token = arch_token(
                        json_object_get_string(json_object_array_get_idx(list, i)));
                int r = token ? seccomp_arch_add(ctx, token) : -EINVAL;
                if (r < 0 && r != -EEXIST)
                        die("seccomp_arch_add");
        }
}

int main(int argc, char **argv)
{
        json_object *root, *v, *syscalls;
        int def_errno = 1;

        if (argc != 3)
                return die("usage: scmp-compile PROFILE OUT");
        root = json_object_from_file(argv[1]);
        if (!root)
                return die("cannot read the profile");
        if (json_object_object_get_ex(root, "defaultErrnoRet", &v))
                def_errno = json_object_get_int(v);
        uint32_t def = action(str(root, "defaultAction"), NULL, def_errno);
        scmp_filter_ctx ctx = seccomp_init(def);
        if (!ctx)
                return die("seccomp_init");
        seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
        add_arches(ctx, root);
        syscalls = arr(root, "syscalls");
        size_t n = syscalls ? json_object_array_length(syscalls) : 0;
        if (n > 32)
                seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
        for (size_t i = 0; i < n; i++) {
                json_object *call = json_object_array_get_idx(syscalls, i), *names;
                if (!applies(call))
                        continue;
                uint32_t act = action(str(call, "action"),
                                      json_object_object_get_ex(call, "errnoRet", &v) ? v : NULL,
                                      def_errno);
                if (act == def)
                        continue;
                names = arr(call, "names");
                for (size_t j = 0; names && j < json_object_array_length(names); j++) {
                        const char *name = json_object_get_string(json_object_array_get_idx(names, j));
                        int nr = name ? seccomp_syscall_resolve_name(name) : __NR_SCMP_ERROR;
                        if (nr == __NR_SCMP_ERROR)
                                continue; /* runc skips names libseccomp does not know */
                        add_rule(ctx, act, nr, arr(call, "args"));
                }
        }
        int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0 || seccomp_export_bpf(ctx, fd) < 0 || close(fd) < 0)
                return die("cannot write the program");
        seccomp_release(ctx);
        json_object_put(root);
        return 0;
}
