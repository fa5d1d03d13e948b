/* Arena: a list of chunks; allocation bumps a pointer in the newest chunk.
 * Big requests get a chunk of their own so a 100 MB story does not waste a
 * 100 MB chunk's tail. */
#include "core.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK (64 * 1024)
#define ARENA_ALIGN 16

typedef struct chunk {
  struct chunk *prev;
  size_t cap;
  size_t used;
  _Alignas(16) unsigned char data[];
} chunk;

struct dy_arena {
  chunk *head;
  size_t total;
  void *last;       /* most recent allocation, for in-place growth */
};

static size_t align_up(size_t n) { return (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1); }

static chunk *chunk_new(size_t cap, chunk *prev) {
  chunk *c = dy_xmalloc(sizeof(chunk) + cap);
  c->prev = prev;
  c->cap = cap;
  c->used = 0;
  return c;
}

dy_arena *dy_arena_new(void) {
  dy_arena *a = dy_xcalloc(1, sizeof *a);
  a->head = chunk_new(ARENA_CHUNK, NULL);
  return a;
}

void *dy_arena_alloc_raw(dy_arena *a, size_t size) {
  size_t need = align_up(size ? size : 1);
  chunk *c = a->head;
  if (c->cap - c->used < need) {
    size_t cap = need > ARENA_CHUNK / 4 ? need : ARENA_CHUNK;
    if (need > ARENA_CHUNK / 4 && c->prev != NULL && c->used < c->cap / 2) {
      /* Keep the current chunk as head: put the big block behind it. */
      chunk *big = chunk_new(cap, c->prev);
      c->prev = big;
      big->used = need;
      a->total += need;
      a->last = NULL;
      return big->data;
    }
    c = a->head = chunk_new(cap, c);
  }
  void *p = c->data + c->used;
  c->used += need;
  a->total += need;
  a->last = p;
  return p;
}

void *dy_arena_alloc(dy_arena *a, size_t size) {
  void *p = dy_arena_alloc_raw(a, size);
  memset(p, 0, align_up(size ? size : 1));
  return p;
}

void *dy_arena_grow(dy_arena *a, void *p, size_t old_size, size_t new_size) {
  if (p == NULL) return dy_arena_alloc(a, new_size);
  if (new_size <= old_size) return p;
  chunk *c = a->head;
  size_t old_al = align_up(old_size ? old_size : 1), new_al = align_up(new_size);
  if (p == a->last && (unsigned char *)p + old_al == c->data + c->used &&
      c->cap - c->used >= new_al - old_al) {
    memset(c->data + c->used, 0, new_al - old_al);
    c->used += new_al - old_al;
    a->total += new_al - old_al;
    return p;
  }
  void *q = dy_arena_alloc(a, new_size);
  memcpy(q, p, old_size);
  return q;
}

char *dy_arena_strndup(dy_arena *a, const char *s, size_t n) {
  char *d = dy_arena_alloc_raw(a, n + 1);
  if (n) memcpy(d, s, n);
  d[n] = 0;
  return d;
}

dy_str dy_arena_str(dy_arena *a, const char *s, size_t n) {
  return (dy_str){dy_arena_strndup(a, s, n), (uint32_t)n};
}

char *dy_arena_printf(dy_arena *a, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *d = dy_arena_alloc(a, (size_t)(n < 0 ? 0 : n) + 1);
  if (n > 0) vsnprintf(d, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  return d;
}

size_t dy_arena_used(const dy_arena *a) { return a->total; }

void dy_arena_reset(dy_arena *a) {
  chunk *c = a->head;
  while (c->prev) {
    chunk *p = c->prev;
    if (p->prev == NULL && p->cap == ARENA_CHUNK) { /* keep the first chunk */
      free(c);
      c = p;
      break;
    }
    free(c);
    c = p;
  }
  if (c->cap != ARENA_CHUNK) { free(c); c = chunk_new(ARENA_CHUNK, NULL); }
  c->prev = NULL;
  c->used = 0;
  a->head = c;
  a->total = 0;
  a->last = NULL;
}

void dy_arena_free(dy_arena **ap) {
  if (!ap || !*ap) return;
  chunk *c = (*ap)->head;
  while (c) {
    chunk *p = c->prev;
    free(c);
    c = p;
  }
  free(*ap);
  *ap = NULL;
}

static void out_of_memory(size_t n) {
  fprintf(stderr, "dyad: out of memory (allocating %zu bytes)\n", n);
  abort();
}

void *dy_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) out_of_memory(n);
  return p;
}

void *dy_xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) out_of_memory(n * size);
  return p;
}

void *dy_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) out_of_memory(n);
  return q;
}

char *dy_xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = dy_xmalloc(n);
  memcpy(d, s, n);
  return d;
}
