/* The `dyad code` pipeline (see pipeline.h). */
#include "pipeline/pipeline.h"

#include "analysis/analysis.h"
#include "coder/coder.h"
#include "core/core.h"
#include "dict/dict.h"
#include "ingest/ingest.h"
#include "output/output.h"
#include "storypass/storypass.h"
#include "text/text.h"
#include "treebank/treebank.h"

#include <string.h>

void dy_pipeline_opts_init(dy_pipeline_opts *o) {
  memset(o, 0, sizeof *o);
  o->input = DY_INPUT_AUTO;
  o->format = DY_FORMAT_JSONL;
}

int dy_pipeline_set_format(dy_pipeline_opts *o, const char *name) {
  dy_format f;
  if (dy_format_parse(name, &f) != 0) return -1;
  o->format = (int)f;
  return 0;
}

int dy_pipeline_set_input(dy_pipeline_opts *o, const char *name) {
  dy_input_format f;
  if (dy_input_format_parse(name, &f) != 0) return -1;
  o->input = (int)f;
  return 0;
}

typedef struct run {
  const dy_pipeline_opts *o;
  const dy_dict *dict;
  dy_dict *owned_dict;
  dy_analyser *analyser;
  dy_coder *coder;
  dy_refs *refs; /* cross-sentence references (storypass.h, 2) */
  dy_writer *writer;
  long stories, failed, events;
} run;

/* Loads --dict: a compiled image when the file says so, else PETRARCH
 * dictionaries (directory or files). NULL path: the built-in set. */
static int load_dict(run *r) {
  if (!r->o->dict_path) {
    r->dict = dy_dict_default();
    if (!r->dict) {
      dy_diag(DY_ERROR, NULL, 0, "the built-in dictionaries are unavailable; use --dict PATH");
      return -1;
    }
    return 0;
  }
  const char *p = r->o->dict_path;
  r->owned_dict = dy_dict_open_image(p);
  if (!r->owned_dict) r->owned_dict = dy_dict_load(&p, 1);
  if (!r->owned_dict) return -1; /* the loader has said why */
  r->dict = r->owned_dict;
  return 0;
}

/* Gives every sentence tokens and phrase structure: the given tree when
 * asked for and present, else dyad's own analysis of the text. */
static int analyse_story(run *r, dy_story *s) {
  if (dy_text_prepare(s) != 0) return -1;
  for (uint32_t i = 0; i < s->nsent; i++) {
    dy_sentence *sent = &s->sent[i];
    if (r->o->parse_given && sent->parse.n > 0) {
      if (dy_treebank_read(s, sent, sent->parse) != 0) {
        dy_diag(DY_ERROR, s->origin, s->line, "record %.*s: malformed parse: %s", (int)sent->id.n,
                sent->id.p ? sent->id.p : "", dy_treebank_error());
        return -1;
      }
    } else if (sent->ntok > 0) {
      dy_analyse_sentence(r->analyser, s, sent);
    }
  }
  return 0;
}

static void explain_story(const dy_story *s) {
  for (uint32_t i = 0; i < s->nev; i++) {
    const dy_event *e = &s->ev[i];
    fprintf(stderr, "explain %s #%u: %s -> %s %s [%s] source=\"%.*s\" target=\"%.*s\" verb=\"%.*s\"\n",
            s->id ? s->id : "", (unsigned)e->sentence, e->source, e->target[0] ? e->target : "-",
            e->code, e->rule ? e->rule : "", (int)e->source_text.n, e->source_text.p ? e->source_text.p : "",
            (int)e->target_text.n, e->target_text.p ? e->target_text.p : "", (int)e->verb_text.n,
            e->verb_text.p ? e->verb_text.p : "");
  }
}

static void code_one(run *r, dy_story *s) {
  long errors_before = dy_diag_count(DY_ERROR);
  r->stories++;
  if (analyse_story(r, s) != 0) {
    r->failed++;
    return;
  }
  dy_coder_code_story(r->coder, s);
  dy_storypass_dates(s);
  if (r->o->explain) explain_story(s);
  dy_writer_story(r->writer, s);
  r->events += s->nev;
  if (dy_diag_count(DY_ERROR) > errors_before) r->failed++; /* coded, but reported */
}

int dy_pipeline_run(const dy_pipeline_opts *o, const char *const *paths, int npaths, FILE *out) {
  run r = {.o = o};
  dy_diag_set_quiet(o->quiet);
  if (load_dict(&r) != 0) return 2;
  dy_coder_opts co;
  dy_coder_opts_default(&co);
  co.one_event_per_story = o->one_a_story;
  co.explain = o->explain;
  r.coder = dy_coder_new(r.dict, &co);
  /* Raw text gets cross-sentence pronouns and quotations; a given
   * PETRARCH parse is coded sentence by sentence, as PETRARCH does. */
  if (!o->parse_given) {
    r.refs = dy_refs_new(r.dict);
    dy_refs_attach(r.refs, r.coder);
  }
  r.analyser = dy_analyser_new();
  r.writer = dy_writer_new(out, (dy_format)o->format);
  dy_reader_opts ro = {0};
  dy_reader *rd = dy_reader_open(paths, npaths, (dy_input_format)o->input, &ro);
  dy_story *s = NULL;
  while (rd && dy_reader_next(rd, &s) == 1) {
    code_one(&r, s);
    dy_story_free(&s);
  }
  long read_failures = rd ? dy_reader_get_stats(rd).failed : 1;
  dy_reader_close(&rd);
  int werr = dy_writer_free(&r.writer);
  if (werr) dy_diag(DY_ERROR, "stdout", 0, "write failed");
  dy_coder_free(&r.coder);
  dy_refs_free(&r.refs);
  dy_analyser_free(&r.analyser);
  dy_dict_free(&r.owned_dict);
  long failed = r.failed + read_failures;
  if (!o->quiet)
    fprintf(stderr, "dyad: %ld stories, %ld events, %ld errors\n", r.stories + read_failures, r.events,
            dy_diag_count(DY_ERROR));
  return (failed > 0 || werr || dy_diag_count(DY_ERROR) > 0) ? 1 : 0;
}
