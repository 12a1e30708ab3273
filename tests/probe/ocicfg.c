/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Edit a `runc spec` config.json for the enforcement tests:
 *
 *   ocicfg IN.json PROFILE.json|- OUT.json -- ARGS...
 *
 * sets process.args to ARGS, process.terminal to false, linux.seccomp to
 * the profile ("-": none), and drops what runc 1.1.5 on this machine
 * refuses: a `flags` key in the profile ("seccomp flags are not yet
 * supported by runc") and CAP_SYS_RESOURCE (not in the bounding set).
 * Uses json-c, so the tests need neither jq nor python.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

static json_object *child(json_object *o, const char *key)
{
        json_object *c;
        if (!json_object_object_get_ex(o, key, &c)) {
                c = json_object_new_object();
                json_object_object_add(o, key, c);
        }
        return c;
}

static void drop_cap(json_object *caps, const char *set, const char *cap)
{
        json_object *arr, *keep;
        if (!json_object_object_get_ex(caps, set, &arr) ||
            !json_object_is_type(arr, json_type_array))
                return;
        keep = json_object_new_array();
        for (size_t i = 0; i < json_object_array_length(arr); i++) {
                json_object *e = json_object_array_get_idx(arr, i);
                if (strcmp(json_object_get_string(e), cap) != 0)
                        json_object_array_add(keep, json_object_get(e));
        }
        json_object_object_add(caps, set, keep);
}

int main(int argc, char **argv)
{
        if (argc < 6 || strcmp(argv[4], "--") != 0) {
                fprintf(stderr, "usage: ocicfg IN.json PROFILE.json|- OUT.json -- ARGS...\n");
                return 2;
        }
        json_object *cfg = json_object_from_file(argv[1]);
        if (!cfg) {
                fprintf(stderr, "ocicfg: %s: %s\n", argv[1], json_util_get_last_err());
                return 1;
        }
        json_object *process = child(cfg, "process");
        json_object *args = json_object_new_array();
        for (int i = 5; i < argc; i++)
                json_object_array_add(args, json_object_new_string(argv[i]));
        json_object_object_add(process, "args", args);
        json_object_object_add(process, "terminal", json_object_new_boolean(0));

        json_object *caps;
        if (json_object_object_get_ex(process, "capabilities", &caps)) {
                static const char *const sets[] = { "bounding", "effective",
                                                    "inheritable", "permitted",
                                                    "ambient" };
                for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
                        drop_cap(caps, sets[i], "CAP_SYS_RESOURCE");
        }

        json_object *linux_ = child(cfg, "linux");
        if (strcmp(argv[2], "-") == 0) {
                json_object_object_del(linux_, "seccomp");
        } else {
                json_object *prof = json_object_from_file(argv[2]);
                if (!prof || !json_object_is_type(prof, json_type_object)) {
                        fprintf(stderr, "ocicfg: %s: not a JSON object\n", argv[2]);
                        return 1;
                }
                json_object_object_del(prof, "flags");
                json_object_object_add(linux_, "seccomp", prof);
        }
        if (json_object_to_file_ext(argv[3], cfg, JSON_C_TO_STRING_PRETTY) < 0) {
                fprintf(stderr, "ocicfg: %s: %s\n", argv[3], json_util_get_last_err());
                return 1;
        }
        json_object_put(cfg);
        return 0;
}
