/* dyad validate — runs a PETRARCH validation file (CONTRACT.md): loads the
 * dictionaries its <Environment> names, applies its <Config> options, codes
 * every record and compares the set of (source, target, code) events. */
#include "cli/cli.h"
#include "output/output.h"
#include "coder/coder.h"
#include "core/core.h"
#include "dict/dict.h"
#include "analysis/analysis.h"
#include "text/text.h"
#include "treebank/treebank.h"
#include "validate/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char help[] =
    "usage: dyad validate [--dict DIR] [--parse given|own] FILE.xml\n"
    "\n"
    "Runs a PETRARCH validation file: codes every <Sentence> record and prints\n"
    "'PASS <id>' or 'FAIL <id>: expected ... got ...', then 'N passed, M failed'.\n"
    "A record passes when the set of (source, target, code) events equals the\n"
    "expected set ('noevents' expects none; 'error' expects a discard).\n"
    "\n"
    "options:\n"
    "  --dict DIR          directory holding the dictionaries named in the file's\n"
    "                      <Environment> (default: the file's ../dictionaries, then\n"
    "                      its own directory)\n"
    "  --parse given|own   code from the records' <Parse> trees (given, default) or\n"
    "                      from dyad's own analysis (tagger + shallow parser) of\n"
    "                      the record's <Text> (own)\n"
    "  --only ID           run only the record(s) with this id\n"
    "  -h, --help          this help\n"
    "\n"
    "Null targets are coded as PETRARCH's unit tests expect them (require_dyad\n"
    "off) unless the file's <Config option=\"require_dyad\"> says otherwise.\n"
    "Exit status: 0 all records pass, 1 some fail or input is bad, 2 usage.\n";

static int is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *join(const char *dir, const char *name) {
  size_t n = strlen(dir) + strlen(name) + 2;
  char *o = dy_xmalloc(n);
  snprintf(o, n, "%s/%s", dir, name);
  return o;
}

static char *default_dict_dir(const char *file) {
  char *dir = dy_xstrdup(file);
  char *slash = strrchr(dir, '/');
  if (slash) *slash = 0;
  else strcpy(dir, ".");
  char *up = join(dir, "../dictionaries");
  if (is_dir(up)) {
    free(dir);
    return up;
  }
  free(up);
  return dir;
}

static int add_dict(dy_dict_builder *b, const char *dir, const char *name, dy_dict_kind kind) {
  if (!name || !*name) return 0;
  char *p = join(dir, name);
  int r = dy_dict_builder_add_file(b, p, kind);
  free(p);
  return r < 0 ? -1 : 0;
}

int cmd_validate(int argc, char **argv) {
  const char *dict_dir = NULL, *parse_mode = "given", *file = NULL, *only = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(help, stdout);
      return DY_EXIT_OK;
    } else if (!strcmp(a, "--dict") || !strcmp(a, "--parse") || !strcmp(a, "--only")) {
      if (i + 1 >= argc) return cli_usage_error("validate", "%s needs a value", a);
      if (!strcmp(a, "--dict")) dict_dir = argv[++i];
      else if (!strcmp(a, "--only")) only = argv[++i];
      else parse_mode = argv[++i];
    } else if (!strncmp(a, "--dict=", 7)) {
      dict_dir = a + 7;
    } else if (!strncmp(a, "--parse=", 8)) {
      parse_mode = a + 8;
    } else if (a[0] == '-' && a[1]) {
      return cli_usage_error("validate", "unknown option '%s'", a);
    } else if (file) {
      return cli_usage_error("validate", "only one validation file, got '%s' and '%s'", file, a);
    } else {
      file = a;
    }
  }
  if (!file) return cli_usage_error("validate", "missing FILE.xml");
  if (strcmp(parse_mode, "given") && strcmp(parse_mode, "own"))
    return cli_usage_error("validate", "--parse must be 'given' or 'own', not '%s'", parse_mode);
  int own = !strcmp(parse_mode, "own");
  dy_vfile *vf = dy_vfile_read(file);
  if (!vf) return DY_EXIT_INPUT;

  char *dir = dict_dir ? dy_xstrdup(dict_dir) : default_dict_dir(file);
  if (!is_dir(dir)) {
    dy_diag(DY_ERROR, dir, 0, "dictionary directory not found");
    free(dir);
    dy_vfile_free(&vf);
    return DY_EXIT_INPUT;
  }
  dy_dict_builder *b = dy_dict_builder_new();
  int bad = 0;
  if (!vf->verbfile || !vf->nactorfiles) dy_diag(DY_WARNING, file, 0, "<Environment> names no verb or actor file");
  bad |= add_dict(b, dir, vf->verbfile, DY_DICT_VERBS);
  for (size_t i = 0; i < vf->nactorfiles; i++) bad |= add_dict(b, dir, vf->actorfiles[i], DY_DICT_ACTORS);
  bad |= add_dict(b, dir, vf->agentfile, DY_DICT_AGENTS);
  bad |= add_dict(b, dir, vf->discardfile, DY_DICT_DISCARDS);
  bad |= add_dict(b, dir, vf->issuefile, DY_DICT_ISSUES);
  dy_dict *d = dy_dict_builder_finish(&b);
  free(dir);
  if (bad) {
    dy_dict_free(&d);
    dy_vfile_free(&vf);
    return DY_EXIT_INPUT;
  }

  dy_coder_opts o;
  dy_coder_opts_default(&o);
  o.require_dyad = 0; /* what the PETRARCH unit tests expect; Config may turn it on */
  o.check_discards = 1; /* a discarded record must be reported even without events */
  for (size_t i = 0; i < vf->nconfig; i++)
    if (dy_coder_opts_set(&o, vf->config[i].option, vf->config[i].value) != 0)
      dy_diag(DY_NOTE, file, 0, "config option '%s' is not used by dyad", vf->config[i].option);
  dy_coder *c = dy_coder_new(d, &o);
  dy_analyser *an = own ? dy_analyser_new() : NULL;

  long passed = 0, failed = 0;
  char msg[4096];
  for (size_t i = 0; i < vf->nrec; i++) {
    const dy_vrecord *r = &vf->rec[i];
    if (only && strcmp(only, r->id)) continue;
    dy_story *st = dy_story_new();
    st->id = r->id;
    st->date = r->date;
    st->origin = file;
    st->line = r->line;
    st->text = r->text ? r->text : "";
    st->len = strlen(st->text);
    st->sent = dy_arena_alloc(st->arena, sizeof *st->sent);
    st->nsent = 1;
    dy_sentence *sent = &st->sent[0];
    sent->id = dy_str_c(r->id);
    sent->text = dy_str_c(st->text);
    sent->date = r->date;
    int rejected = 0, parse_error = 0;
    if (own) {
      /* dyad's own analysis of <Text>: tokens, tags, phrase structure */
      size_t nbad = dy_utf8_validate(st->text, st->len, NULL);
      if (nbad) {
        size_t n2;
        st->text = dy_utf8_repair(st->arena, st->text, st->len, &n2);
        st->len = n2;
        sent->text = (dy_str){st->text, (uint32_t)n2};
      }
      sent->tok = dy_text_tokenize(st->arena, st->text, st->len, st->text, &sent->ntok);
      if (!sent->ntok || dy_analyse_sentence(an, st, sent) != 0) {
        dy_diag(DY_ERROR, file, r->line, "record %s: no words in <Text>", r->id);
        parse_error = 1;
      }
    } else if (!r->parse || !*r->parse) {
      dy_diag(DY_ERROR, file, r->line, "record %s: no <Parse>", r->id);
      parse_error = 1;
    } else {
      sent->parse = dy_arena_str(st->arena, r->parse, strlen(r->parse));
      if (dy_treebank_read(st, sent, sent->parse) != 0) {
        dy_diag(DY_ERROR, file, r->line, "record %s: malformed parse: %s", r->id, dy_treebank_error());
        parse_error = 1;
      }
    }
    if (!parse_error) {
      int rc = dy_coder_code_story(c, st);
      if (rc < 0) rejected = 1;
      else if (dy_coder_discarded(c)) rejected = 1;
    } else {
      rejected = 1;
    }
    if (dy_vrecord_check(r, st, rejected, msg, sizeof msg)) {
      printf("PASS %s\n", r->id);
      if (only)
        for (uint32_t k = 0; k < st->nev; k++) dy_event_explain(stdout, "  ", &st->ev[k]);
      passed++;
    } else {
      printf("FAIL %s: %s\n", r->id, msg);
      if (only)
        for (uint32_t k = 0; k < st->nev; k++) dy_event_explain(stdout, "  ", &st->ev[k]);
      failed++;
    }
    dy_story_free(&st);
  }
  printf("%ld passed, %ld failed\n", passed, failed);
  dy_coder_free(&c);
  dy_analyser_free(&an);
  dy_dict_free(&d);
  dy_vfile_free(&vf);
  return failed ? DY_EXIT_INPUT : DY_EXIT_OK;
}
