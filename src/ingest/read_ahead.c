/* read_ahead.c - a reader's decoding on a thread of its own (see tk_event_reader_read_ahead
 * in include/takedown/event_reader.h): the thread reads and decodes contacts into batches,
 * copying their texts into the batch, while the caller counts the contacts of the batch
 * before. Results come out in the order the format's reader gave them. */
#include "ingest/read_ahead.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define BATCHES 4
#define BATCH_ENTRIES 1024
#define BATCH_ARENA (512 * 1024) /* room for any one contact: its line, its recipients */

struct entry {
    enum tk_read_result result;
    struct tk_contact contact;
    enum tk_status status;  /* TK_READ_BAD and TK_READ_FAILED: the error, its message */
    const char *message;    /* in the arena */
};

struct batch {
    struct entry entries[BATCH_ENTRIES];
    size_t count;
    char arena[BATCH_ARENA];
    size_t used;
    uint64_t consumed; /* the input's bytes read when the batch was full */
    struct tk_event_reader_stats stats; /* the reader's counts then */
};

struct read_ahead {
    struct tk_event_reader *r;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    struct batch *batches[BATCHES];
    size_t filled;        /* batches ready, from head */
    size_t head;          /* the batch the caller reads */
    size_t next_entry;    /* in the head batch */
    int taken;            /* the caller holds the head batch */
    int stop;             /* the caller closes: the thread ends */
    int done;             /* the thread gave its last batch */
    uint64_t consumed;    /* of the head batch, as the caller sees it */
    struct tk_event_reader_stats stats;
};

/* Copies len bytes into the batch; NULL when they do not fit. */
static const char *keep(struct batch *b, const char *text, size_t len)
{
    char *to = b->arena + b->used;
    if (len > BATCH_ARENA - b->used)
        return NULL;
    if (len)
        memcpy(to, text, len);
    b->used += len;
    return to;
}

static int keep_text(struct batch *b, struct tk_text *t)
{
    const char *copy = keep(b, t->ptr, t->len);
    if (copy == NULL)
        return -1;
    t->ptr = copy;
    return 0;
}

/* The contact's texts and recipients into the batch; -1, with nothing changed, when the
 * batch is too full. */
static int keep_contact(struct batch *b, struct tk_contact *contact)
{
    size_t mark = b->used, room;
    struct tk_contact copy = *contact, *c = &copy;
    struct tk_text *list;
    if (keep_text(b, &c->name) || keep_text(b, &c->family) || keep_text(b, &c->variant)
        || keep_text(b, &c->seed))
        goto full;
    if (c->recipient_count == 0) {
        *contact = copy;
        return 0;
    }
    b->used = (b->used + 15) & ~(size_t)15; /* the list is an array of struct tk_text */
    room = b->used <= BATCH_ARENA ? BATCH_ARENA - b->used : 0;
    if (room / sizeof *list < c->recipient_count)
        goto full;
    list = (struct tk_text *)(void *)(b->arena + b->used);
    b->used += c->recipient_count * sizeof *list;
    memcpy(list, c->recipients, c->recipient_count * sizeof *list);
    for (size_t i = 0; i < c->recipient_count; i++)
        if (keep_text(b, &list[i]))
            goto full;
    c->recipients = list;
    *contact = copy;
    return 0;
full:
    b->used = mark;
    return -1;
}

/* The next result of the format's reader into e, its error's message into the batch. */
static void read_one(struct read_ahead *a, struct batch *b, struct entry *e)
{
    struct tk_error error = {TK_OK, ""};
    e->result = a->r->ops->next(a->r, &e->contact, &error);
    e->status = error.status;
    e->message = "";
    if (e->result == TK_READ_BAD || e->result == TK_READ_FAILED) {
        const char *copy = keep(b, error.message, strlen(error.message) + 1);
        e->message = copy ? copy : "(a bad record)";
    }
}

/* Fills b from the reader; 1 when the reader has ended (END or FAILED). A contact that does
 * not fit is kept for the next batch: the reader's own copy stays valid until then, since
 * the reader is not called in between. */
static int fill(struct read_ahead *a, struct batch *b, struct entry *pending, int *has_pending)
{
    b->count = b->used = 0;
    while (b->count < BATCH_ENTRIES) {
        struct entry *e = &b->entries[b->count];
        if (*has_pending) {
            *e = *pending;
            *has_pending = 0;
        } else {
            read_one(a, b, e);
        }
        if (e->result == TK_READ_CONTACT && keep_contact(b, &e->contact)) {
            *pending = *e;
            *has_pending = 1;
            break;
        }
        b->count++;
        if (e->result == TK_READ_END || e->result == TK_READ_FAILED)
            return 1;
    }
    return 0;
}

static void *run(void *arg)
{
    struct read_ahead *a = arg;
    struct entry *pending = malloc(sizeof *pending);
    int has_pending = 0, ended = 0;
    size_t slot = 0;

    while (!ended) {
        pthread_mutex_lock(&a->lock);
        while (!a->stop && a->filled == BATCHES)
            pthread_cond_wait(&a->changed, &a->lock);
        if (a->stop) {
            pthread_mutex_unlock(&a->lock);
            break;
        }
        slot = (a->head + a->filled) % BATCHES;
        pthread_mutex_unlock(&a->lock);
        struct batch *b = a->batches[slot];
        if (pending == NULL) { /* out of memory: say so as the reader's failure */
            b->count = 1;
            b->entries[0].result = TK_READ_FAILED;
            b->entries[0].status = TK_ERR_NOMEM;
            b->entries[0].message = "out of memory";
            ended = 1;
        } else {
            ended = fill(a, b, pending, &has_pending);
        }
        b->consumed = tk_input_consumed(a->r->in);
        b->stats = a->r->stats;
        pthread_mutex_lock(&a->lock);
        a->filled++;
        a->done = ended;
        pthread_cond_broadcast(&a->changed);
        pthread_mutex_unlock(&a->lock);
    }
    free(pending);
    return NULL;
}

int read_ahead_start(struct read_ahead **out, struct tk_event_reader *r, struct tk_error *err)
{
    struct read_ahead *a = calloc(1, sizeof *a);
    int ok = a != NULL;
    for (size_t i = 0; ok && i < BATCHES; i++)
        ok = (a->batches[i] = malloc(sizeof *a->batches[i])) != NULL;
    if (ok) {
        a->r = r;
        pthread_mutex_init(&a->lock, NULL);
        pthread_cond_init(&a->changed, NULL);
        if (pthread_create(&a->thread, NULL, run, a) != 0) {
            pthread_mutex_destroy(&a->lock);
            pthread_cond_destroy(&a->changed);
            ok = 0;
        }
    }
    if (!ok) {
        for (size_t i = 0; a && i < BATCHES; i++)
            free(a->batches[i]);
        free(a);
        return tk_error_set(err, TK_ERR_NOMEM, "cannot start the reading thread");
    }
    *out = a;
    return TK_OK;
}

enum tk_read_result read_ahead_next(struct read_ahead *a, struct tk_contact *c,
                                    struct tk_error *err)
{
    struct batch *b;
    pthread_mutex_lock(&a->lock);
    if (a->taken && a->next_entry == a->batches[a->head]->count) {
        a->taken = 0; /* the head batch is read: back to the thread */
        a->head = (a->head + 1) % BATCHES;
        a->filled--;
        a->next_entry = 0;
        pthread_cond_broadcast(&a->changed);
    }
    while (a->filled == 0 && !a->done)
        pthread_cond_wait(&a->changed, &a->lock);
    if (a->filled == 0) { /* the last batch was read to its end */
        pthread_mutex_unlock(&a->lock);
        return TK_READ_END;
    }
    a->taken = 1;
    b = a->batches[a->head];
    a->consumed = b->consumed;
    a->stats = b->stats;
    pthread_mutex_unlock(&a->lock);

    struct entry *e = &b->entries[a->next_entry++];
    if (e->result == TK_READ_CONTACT)
        *c = e->contact;
    else if (e->result != TK_READ_END)
        tk_error_set(err, e->status, "%s", e->message);
    if (e->result == TK_READ_END || e->result == TK_READ_FAILED)
        a->next_entry--; /* the end stays the answer */
    return e->result;
}

uint64_t read_ahead_consumed(const struct read_ahead *a)
{
    return a->consumed;
}

const struct tk_event_reader_stats *read_ahead_stats(const struct read_ahead *a)
{
    return &a->stats;
}

void read_ahead_stop(struct read_ahead *a)
{
    if (a == NULL)
        return;
    pthread_mutex_lock(&a->lock);
    a->stop = 1;
    pthread_cond_broadcast(&a->changed);
    pthread_mutex_unlock(&a->lock);
    pthread_join(a->thread, NULL);
    pthread_mutex_destroy(&a->lock);
    pthread_cond_destroy(&a->changed);
    for (size_t i = 0; i < BATCHES; i++)
        free(a->batches[i]);
    free(a);
}
