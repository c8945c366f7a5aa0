/* json_doc.h - one JSON text as a small tree, built by the reader layer's scanner
 * (json_scan.h) into a fixed array of nodes without allocating, for readers that look
 * members up by name (`events`' reader of its JSON lines). Strings are decoded (escapes
 * into the caller's scratch buffer, the rest in place); numbers keep their text. An object
 * with the same member name twice is refused. */
#ifndef TAKEDOWN_JSON_DOC_H
#define TAKEDOWN_JSON_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/json_scan.h"

#define TK_JSON_DOC_NODES 256

enum tk_json_kind {
    TK_JSON_OBJECT, TK_JSON_ARRAY, TK_JSON_STRING, TK_JSON_NUMBER, TK_JSON_TRUE,
    TK_JSON_FALSE, TK_JSON_NULL
};

struct tk_json_node {
    enum tk_json_kind kind;
    struct tk_text key;   /* the member name, for a member of an object */
    struct tk_text text;  /* a string's decoded text, a number's text */
    int first;            /* an object's or array's first child, -1 for none */
    int next;             /* the next sibling, -1 for none */
    size_t count;         /* an object's members, an array's elements */
};

struct tk_json_doc {
    struct tk_json_node nodes[TK_JSON_DOC_NODES]; /* nodes[0] is the top-level value */
    size_t count;
    struct jscan scan;
};

/* Parses text (scratch holds at least len bytes). 0, or -1 with doc->scan.error saying
 * what was expected at column jscan_column(&doc->scan). allow_nul: strings may hold
 * \u0000. */
int tk_json_doc_parse(struct tk_json_doc *doc, const char *text, size_t len, char *scratch,
                      int allow_nul);

/* The member key of object obj, or NULL (also when obj is NULL or not an object). */
const struct tk_json_node *tk_json_get(const struct tk_json_doc *doc,
                                       const struct tk_json_node *obj, const char *key);
/* Element i of array arr, or NULL. */
const struct tk_json_node *tk_json_at(const struct tk_json_doc *doc,
                                      const struct tk_json_node *arr, size_t i);

/* An integer without fraction or exponent, from 0 to max, into *out: 0, or -1. */
int tk_json_uint(const struct tk_json_node *n, uint64_t max, uint64_t *out);

#endif
