/* json_doc.c - a JSON text as a small tree of nodes (see include/takedown/json_doc.h). */
#include "takedown/json_doc.h"

#include <string.h>

static int fail(struct tk_json_doc *doc, const char *expected)
{
    doc->scan.error = expected;
    return -1;
}

static int new_node(struct tk_json_doc *doc, enum tk_json_kind kind)
{
    struct tk_json_node *n;
    if (doc->count == TK_JSON_DOC_NODES)
        return fail(doc, "fewer JSON values");
    n = &doc->nodes[doc->count];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->first = n->next = -1;
    return (int)doc->count++;
}

static int parse_value(struct tk_json_doc *doc, int depth);

static int literal(struct tk_json_doc *doc, const char *word, enum tk_json_kind kind)
{
    size_t n = strlen(word);
    struct jscan *s = &doc->scan;
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
        return fail(doc, "a JSON value");
    s->p += n;
    return new_node(doc, kind);
}

static int same_text(struct tk_text a, struct tk_text b)
{
    return a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0;
}

/* Links child after *last under parent; refuses a member name seen before. */
static int link_child(struct tk_json_doc *doc, int parent, int *last, int child)
{
    struct tk_json_node *p = &doc->nodes[parent];
    if (p->kind == TK_JSON_OBJECT)
        for (int i = p->first; i >= 0; i = doc->nodes[i].next)
            if (same_text(doc->nodes[i].key, doc->nodes[child].key))
                return fail(doc, "each member name once in an object");
    if (*last < 0)
        p->first = child;
    else
        doc->nodes[*last].next = child;
    *last = child;
    p->count++;
    return 0;
}

static int parse_container(struct tk_json_doc *doc, int depth, int object)
{
    struct jscan *s = &doc->scan;
    int self = new_node(doc, object ? TK_JSON_OBJECT : TK_JSON_ARRAY), last = -1;
    char close = object ? '}' : ']';
    if (self < 0)
        return -1;
    s->p++;
    if (jscan_accept(s, close))
        return self;
    do {
        struct tk_text key = {"", 0};
        int child;
        if (object && (jscan_string(s, &key) || jscan_expect(s, ':')))
            return -1;
        if ((child = parse_value(doc, depth + 1)) < 0)
            return -1;
        doc->nodes[child].key = key;
        if (link_child(doc, self, &last, child))
            return -1;
    } while (jscan_accept(s, ','));
    return jscan_expect(s, close) ? -1 : self;
}

/* The next value as a node; its index, or -1. */
static int parse_value(struct tk_json_doc *doc, int depth)
{
    struct jscan *s = &doc->scan;
    struct tk_text text;
    int n;
    if (depth > JSCAN_MAX_DEPTH)
        return fail(doc, "less nesting");
    switch (jscan_peek(s)) {
    case '{':
        return parse_container(doc, depth, 1);
    case '[':
        return parse_container(doc, depth, 0);
    case '"':
        if (jscan_string(s, &text) || (n = new_node(doc, TK_JSON_STRING)) < 0)
            return -1;
        break;
    case 't':
        return literal(doc, "true", TK_JSON_TRUE);
    case 'f':
        return literal(doc, "false", TK_JSON_FALSE);
    case 'n':
        return literal(doc, "null", TK_JSON_NULL);
    default:
        if (jscan_number(s, &text) || (n = new_node(doc, TK_JSON_NUMBER)) < 0)
            return -1;
        break;
    }
    doc->nodes[n].text = text;
    return n;
}

int tk_json_doc_parse(struct tk_json_doc *doc, const char *text, size_t len, char *scratch,
                      int allow_nul)
{
    doc->count = 0;
    jscan_init(&doc->scan, text, len, scratch, len);
    doc->scan.allow_nul = allow_nul;
    if (parse_value(doc, 0) < 0)
        return -1;
    return jscan_end(&doc->scan);
}

const struct tk_json_node *tk_json_get(const struct tk_json_doc *doc,
                                       const struct tk_json_node *obj, const char *key)
{
    size_t len = strlen(key);
    if (obj == NULL || obj->kind != TK_JSON_OBJECT)
        return NULL;
    for (int i = obj->first; i >= 0; i = doc->nodes[i].next)
        if (doc->nodes[i].key.len == len && memcmp(doc->nodes[i].key.ptr, key, len) == 0)
            return &doc->nodes[i];
    return NULL;
}

const struct tk_json_node *tk_json_at(const struct tk_json_doc *doc,
                                      const struct tk_json_node *arr, size_t i)
{
    if (arr == NULL || arr->kind != TK_JSON_ARRAY || i >= arr->count)
        return NULL;
    int at = arr->first;
    while (i-- > 0)
        at = doc->nodes[at].next;
    return &doc->nodes[at];
}

int tk_json_uint(const struct tk_json_node *n, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (n == NULL || n->kind != TK_JSON_NUMBER || n->text.len == 0 || n->text.len > 20)
        return -1;
    for (size_t i = 0; i < n->text.len; i++) {
        char c = n->text.ptr[i];
        if (c < '0' || c > '9' || v > (UINT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (uint64_t)(c - '0');
    }
    if (v > max || (n->text.len > 1 && n->text.ptr[0] == '0'))
        return -1;
    *out = v;
    return 0;
}
