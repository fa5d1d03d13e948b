/* PETRARCH validation files: an expat reader that keeps only what the
 * harness needs, and the set comparison of coded vs expected events. */
#include "validate/validate.h"

#include <expat.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  dy_vfile *f;
  XML_Parser xp;
  char *buf;        /* character data of the current leaf element */
  size_t nbuf, cap;
  int collecting;
  size_t caprec, capev, capcfg, capact;
  dy_vrecord *cur;
} rd;

static const char *attr(const char **a, const char *name) {
  for (; a[0]; a += 2)
    if (!strcmp(a[0], name)) return a[1];
  return NULL;
}

static void set_code(char *dst, size_t n, const char *v) {
  /* Expected codes are written as-is; surrounding blanks are dropped. */
  if (!v) v = "";
  while (*v == ' ') v++;
  size_t len = strlen(v);
  while (len && v[len - 1] == ' ') len--;
  if (len >= n) len = n - 1;
  memcpy(dst, v, len);
  dst[len] = 0;
}

static void on_start(void *ud, const char *el, const char **a) {
  rd *r = ud;
  dy_vfile *f = r->f;
  r->nbuf = 0;
  r->collecting = 0;
  if (!strcmp(el, "Sentence")) {
    if (f->nrec == r->caprec) {
      r->caprec = r->caprec ? 2 * r->caprec : 64;
      f->rec = dy_xrealloc(f->rec, r->caprec * sizeof *f->rec);
    }
    dy_vrecord *rec = &f->rec[f->nrec++];
    memset(rec, 0, sizeof *rec);
    r->cur = rec;
    r->capev = 0;
    const char *id = attr(a, "id"), *date = attr(a, "date"), *cat = attr(a, "category");
    rec->line = (long)XML_GetCurrentLineNumber(r->xp);
    rec->id = dy_xstrdup(id ? id : "");
    rec->category = dy_xstrdup(cat ? cat : "");
    if (!id) dy_diag(DY_WARNING, f->path, rec->line, "<Sentence> without id");
    if (!date || dy_date_parse(date, strlen(date), &rec->date) != 0) {
      rec->date = 0;
      dy_diag(DY_WARNING, f->path, rec->line, "record %s: missing or invalid date '%s'", rec->id, date ? date : "");
    }
  } else if (!strcmp(el, "EventCoding") && r->cur) {
    dy_vrecord *rec = r->cur;
    const char *err = attr(a, "error"), *noev = attr(a, "noevents");
    if (err) {
      rec->expect_error = 1;
      free(rec->error_kind);
      rec->error_kind = dy_xstrdup(err);
      return;
    }
    if (noev) return;
    if (rec->nev == r->capev) {
      r->capev = r->capev ? 2 * r->capev : 4;
      rec->ev = dy_xrealloc(rec->ev, r->capev * sizeof *rec->ev);
    }
    dy_vevent *e = &rec->ev[rec->nev++];
    set_code(e->source, sizeof e->source, attr(a, "sourcecode"));
    set_code(e->target, sizeof e->target, attr(a, "targetcode"));
    set_code(e->code, sizeof e->code, attr(a, "eventcode"));
  } else if (!strcmp(el, "Config")) {
    const char *o = attr(a, "option"), *v = attr(a, "value");
    if (!o) return;
    if (f->nconfig == r->capcfg) {
      r->capcfg = r->capcfg ? 2 * r->capcfg : 8;
      f->config = dy_xrealloc(f->config, r->capcfg * sizeof *f->config);
    }
    f->config[f->nconfig].option = dy_xstrdup(o);
    f->config[f->nconfig].value = dy_xstrdup(v ? v : "");
    f->nconfig++;
  } else if (!strcmp(el, "Text") || !strcmp(el, "Parse") || !strcmp(el, "Verbfile") || !strcmp(el, "Actorfile") ||
             !strcmp(el, "Agentfile") || !strcmp(el, "Discardfile") || !strcmp(el, "Issuefile")) {
    r->collecting = 1;
  }
}

static char *trimmed(const char *s, size_t n) {
  while (n && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')) s++, n--;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
  char *o = dy_xmalloc(n + 1);
  memcpy(o, s, n);
  o[n] = 0;
  return o;
}

static char *collapsed(const char *s, size_t n) {
  char *o = dy_xmalloc(n + 1);
  size_t k = 0;
  int sp = 1;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      if (!sp) o[k++] = ' ';
      sp = 1;
    } else {
      o[k++] = c;
      sp = 0;
    }
  }
  while (k && o[k - 1] == ' ') k--;
  o[k] = 0;
  return o;
}

static void add_actorfiles(rd *r, const char *list) {
  dy_vfile *f = r->f;
  const char *p = list;
  while (*p) {
    while (*p == ' ' || *p == ',') p++;
    const char *q = p;
    while (*q && *q != ',') q++;
    if (q > p) {
      if (f->nactorfiles == r->capact) {
        r->capact = r->capact ? 2 * r->capact : 4;
        f->actorfiles = dy_xrealloc(f->actorfiles, r->capact * sizeof *f->actorfiles);
      }
      f->actorfiles[f->nactorfiles++] = trimmed(p, (size_t)(q - p));
    }
    p = q;
  }
}

static void on_end(void *ud, const char *el) {
  rd *r = ud;
  dy_vfile *f = r->f;
  if (!r->collecting) {
    if (!strcmp(el, "Sentence")) r->cur = NULL;
    return;
  }
  r->collecting = 0;
  if (!strcmp(el, "Text") && r->cur) {
    free(r->cur->text);
    r->cur->text = collapsed(r->buf, r->nbuf);
  } else if (!strcmp(el, "Parse") && r->cur) {
    free(r->cur->parse);
    r->cur->parse = trimmed(r->buf, r->nbuf);
  } else if (!strcmp(el, "Verbfile")) {
    free(f->verbfile);
    f->verbfile = trimmed(r->buf, r->nbuf);
  } else if (!strcmp(el, "Agentfile")) {
    free(f->agentfile);
    f->agentfile = trimmed(r->buf, r->nbuf);
  } else if (!strcmp(el, "Discardfile")) {
    free(f->discardfile);
    f->discardfile = trimmed(r->buf, r->nbuf);
  } else if (!strcmp(el, "Issuefile")) {
    free(f->issuefile);
    f->issuefile = trimmed(r->buf, r->nbuf);
  } else if (!strcmp(el, "Actorfile")) {
    char *t = trimmed(r->buf, r->nbuf);
    add_actorfiles(r, t);
    free(t);
  }
}

static void on_text(void *ud, const char *s, int len) {
  rd *r = ud;
  if (!r->collecting || len <= 0) return;
  if (r->nbuf + (size_t)len + 1 > r->cap) {
    r->cap = (r->nbuf + (size_t)len + 1) * 2;
    r->buf = dy_xrealloc(r->buf, r->cap);
  }
  memcpy(r->buf + r->nbuf, s, (size_t)len);
  r->nbuf += (size_t)len;
}

dy_vfile *dy_vfile_read(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    dy_diag(DY_ERROR, path, 0, "cannot open validation file");
    return NULL;
  }
  dy_vfile *f = dy_xcalloc(1, sizeof *f);
  f->path = dy_xstrdup(path);
  rd r = {0};
  r.f = f;
  r.xp = XML_ParserCreate("UTF-8");
  XML_SetUserData(r.xp, &r);
  XML_SetElementHandler(r.xp, on_start, on_end);
  XML_SetCharacterDataHandler(r.xp, on_text);
  char chunk[65536];
  int ok = 1;
  for (;;) {
    size_t n = fread(chunk, 1, sizeof chunk, fp);
    int final = n < sizeof chunk;
    if (XML_Parse(r.xp, chunk, (int)n, final) == XML_STATUS_ERROR) {
      dy_diag(DY_ERROR, path, (long)XML_GetCurrentLineNumber(r.xp), "malformed XML: %s",
              XML_ErrorString(XML_GetErrorCode(r.xp)));
      ok = 0;
      break;
    }
    if (final) break;
  }
  fclose(fp);
  XML_ParserFree(r.xp);
  free(r.buf);
  if (!ok) {
    dy_vfile_free(&f);
    return NULL;
  }
  return f;
}

void dy_vfile_free(dy_vfile **fp) {
  dy_vfile *f = *fp;
  if (!f) return;
  for (size_t i = 0; i < f->nrec; i++) {
    dy_vrecord *r = &f->rec[i];
    free(r->id);
    free(r->category);
    free(r->text);
    free(r->parse);
    free(r->error_kind);
    free(r->ev);
  }
  for (size_t i = 0; i < f->nconfig; i++) {
    free(f->config[i].option);
    free(f->config[i].value);
  }
  for (size_t i = 0; i < f->nactorfiles; i++) free(f->actorfiles[i]);
  free(f->actorfiles);
  free(f->config);
  free(f->rec);
  free(f->verbfile);
  free(f->agentfile);
  free(f->discardfile);
  free(f->issuefile);
  free(f->path);
  free(f);
  *fp = NULL;
}

const char *dy_vfile_config(const dy_vfile *f, const char *option) {
  const char *v = NULL;
  for (size_t i = 0; i < f->nconfig; i++)
    if (!strcmp(f->config[i].option, option)) v = f->config[i].value; /* the last one wins */
  return v;
}

/* ---------------------------------------------------------- comparison */

static int ev_eq(const char *s1, const char *t1, const char *c1, const dy_vevent *e) {
  /* PETRARCH writes a null target as "---"; dyad leaves it empty. */
  if (!t1[0]) t1 = "---";
  const char *t2 = e->target[0] ? e->target : "---";
  return !strcmp(s1, e->source) && !strcmp(t1, t2) && !strcmp(c1, e->code);
}

static size_t appendf(char *msg, size_t n, size_t k, const char *fmt, const char *a, const char *b, const char *c) {
  if (k >= n) return k;
  int w = snprintf(msg + k, n - k, fmt, a, b, c);
  return w < 0 ? k : k + (size_t)w;
}

int dy_vrecord_check(const dy_vrecord *r, const dy_story *s, int rejected, char *msg, size_t n) {
  int pass = 1;
  if (r->expect_error) {
    pass = rejected;
  } else {
    /* Set equality: every expected event was coded, every coded one expected. */
    for (size_t i = 0; i < r->nev && pass; i++) {
      int found = 0;
      for (uint32_t j = 0; j < s->nev && !found; j++) found = ev_eq(s->ev[j].source, s->ev[j].target, s->ev[j].code, &r->ev[i]);
      pass = found;
    }
    for (uint32_t j = 0; j < s->nev && pass; j++) {
      int found = 0;
      for (size_t i = 0; i < r->nev && !found; i++) found = ev_eq(s->ev[j].source, s->ev[j].target, s->ev[j].code, &r->ev[i]);
      pass = found;
    }
  }
  if (pass) return 1;
  size_t k = 0;
  if (n) msg[0] = 0;
  k = appendf(msg, n, k, "%s%s%s", "expected ", r->expect_error ? "error " : "", r->expect_error ? r->error_kind : "");
  if (!r->expect_error) {
    k = appendf(msg, n, k, "%s%s%s", "{", "", "");
    for (size_t i = 0; i < r->nev; i++)
      k = appendf(msg, n, k, i ? " %s/%s/%s" : "%s/%s/%s", r->ev[i].source, r->ev[i].target[0] ? r->ev[i].target : "-",
                  r->ev[i].code);
    k = appendf(msg, n, k, "%s%s%s", "}", "", "");
  }
  k = appendf(msg, n, k, "%s%s%s", " got ", rejected ? "discard " : "", "{");
  for (uint32_t j = 0; j < s->nev; j++)
    k = appendf(msg, n, k, j ? " %s/%s/%s" : "%s/%s/%s", s->ev[j].source, s->ev[j].target[0] ? s->ev[j].target : "-",
                s->ev[j].code);
  appendf(msg, n, k, "%s%s%s", "}", "", "");
  return 0;
}
