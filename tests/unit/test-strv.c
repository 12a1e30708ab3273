/* SPDX-License-Identifier: Apache-2.0 */
/* struct strv (util.h): the one vector of owned strings. */
#include "test.h"
#include "util.h"

static void test_strv(void)
{
        struct strv v = { 0 };
        static const char *const in[] = { "pod", "b", "a", "b", "pod" };
        char name[] = "stack";

        for (size_t i = 0; i < ELEMENTSOF(in); i++)
                strv_add_unique(&v, in[i]);
        ASSERT_EQ(v.n, 3);
        strv_add(&v, name);
        name[0] = 'S'; /* strv_add copied it */
        ASSERT_STREQ(v.items[3], "stack");
        strv_push(&v, xstrdup("owned"));
        ASSERT_TRUE(strv_contains(&v, "owned"));
        ASSERT_TRUE(!strv_contains(&v, "Stack"));
        strv_sort(&v);
        static const char *const want[] = { "a", "b", "owned", "pod", "stack" };
        ASSERT_EQ(v.n, ELEMENTSOF(want));
        for (size_t i = 0; i < ELEMENTSOF(want); i++)
                ASSERT_STREQ(v.items[i], want[i]);
        strv_clear(&v);
        ASSERT_EQ(v.n, 0);
        ASSERT_TRUE(v.items == NULL);
        /* cleared is empty and reusable; clearing twice (and NULL) is fine */
        strv_add(&v, "again");
        ASSERT_EQ(v.n, 1);
        strv_clear(&v);
        strv_clear(&v);
        strv_clear(NULL);
}

int main(void)
{
        RUN(test_strv);
        return test_exit();
}
