/* dyad code — options in, pipeline out. All work is in src/pipeline/. */
#include "cli/cli.h"
#include "core/core.h"
#include "pipeline/pipeline.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char code_help[] =
    "usage: dyad code [OPTIONS] [PATH|-]...\n"
    "\n"
    "Codes news stories into events, one JSON object (or TSV/CSV row) per event\n"
    "on standard output. PATH is a file or a directory (read recursively); '-'\n"
    "or no PATH reads standard input. Problems with the input are reported on\n"
    "standard error as FILE:LINE: error: ...; the other stories are still coded,\n"
    "and a summary 'N stories, M events, K errors' ends the run.\n"
    "\n"
    "options:\n"
    "  --format jsonl|tsv|csv    output format (default jsonl)\n"
    "  --dict PATH               dictionaries: a compiled image (dyad dict compile),\n"
    "                            or a PETRARCH/TABARI dictionary directory or file\n"
    "                            (default: the dictionaries built into dyad)\n"
    "  --input auto|text|jsonl|petrarch-xml\n"
    "                            input format (default auto: detected per file)\n"
    "  --parse own|given         for PETRARCH XML: use dyad's own analysis of the\n"
    "                            text (default) or the given Penn Treebank parse\n"
    "  --one-a-story             keep one event per (source, target, code) per story\n"
    "  --require-dyad            drop events that have no target actor (PETRARCH's\n"
    "                            require_dyad); by default an event with a source\n"
    "                            and no target ('X and Y agreed to ...') is kept\n"
    "                            with target null; a compound source ('X and Y')\n"
    "                            gives one such event per member\n"
    "  --explain                 print, per event, how it was coded (to stderr)\n"
    "  --quiet                   no warnings and no summary on stderr (errors still)\n"
    "  --threads N               code with N worker threads (default 1); the output\n"
    "                            is identical, in input order\n"
    "  --stats                   time every stage; print a table on stderr at the end\n"
    "  --db URL                  store stories and events in a database: sqlite:PATH\n"
    "                            or a bare PATH (SQLite), postgresql://... (see\n"
    "                            'dyad db --help'); events are then not printed\n"
    "                            unless --format is given\n"
    "  --dedup none|story|day    with --db: one event per (source, target, code) per\n"
    "                            story, or per day across stories (Phoenix one-a-day);\n"
    "                            fixed by a database's first load (default none)\n"
    "  -h, --help                this help\n"
    "\n"
    "Exit status: 0 success, 1 some input could not be coded, 2 wrong usage.\n";

/* A whole decimal number in 1..DY_PIPELINE_MAX_THREADS. 0 or -1. */
static int parse_threads(const char *s, int *out) {
  long n;
  if (cli_parse_whole(s, 1, DY_PIPELINE_MAX_THREADS, &n) != 0) return -1;
  *out = (int)n;
  return 0;
}

int cmd_code(int argc, char **argv) {
  enum { O_FORMAT = 256, O_DICT, O_INPUT, O_PARSE, O_ONE, O_EXPLAIN, O_QUIET, O_THREADS, O_STATS, O_DB, O_DEDUP, O_DYAD };
  static const struct option longopts[] = {
      {"format", required_argument, 0, O_FORMAT}, {"dict", required_argument, 0, O_DICT},
      {"input", required_argument, 0, O_INPUT},   {"parse", required_argument, 0, O_PARSE},
      {"one-a-story", no_argument, 0, O_ONE},     {"explain", no_argument, 0, O_EXPLAIN},
      {"quiet", no_argument, 0, O_QUIET},         {"threads", required_argument, 0, O_THREADS},
      {"stats", no_argument, 0, O_STATS},         {"help", no_argument, 0, 'h'},
      {"db", required_argument, 0, O_DB},         {"dedup", required_argument, 0, O_DEDUP},
      {"require-dyad", no_argument, 0, O_DYAD},
      {0, 0, 0, 0}};
  dy_pipeline_opts o;
  dy_pipeline_opts_init(&o);
  int format_given = 0;
  opterr = 0;
  optind = 1;
  int c;
  while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
    switch (c) {
    case 'h': fputs(code_help, stdout); return DY_EXIT_OK;
    case O_FORMAT:
      if (dy_pipeline_set_format(&o, optarg)) return cli_usage_error("code", "unknown --format '%s' (jsonl, tsv or csv)", optarg);
      format_given = 1;
      break;
    case O_DICT: o.dict_path = optarg; break;
    case O_INPUT:
      if (dy_pipeline_set_input(&o, optarg)) return cli_usage_error("code", "unknown --input '%s' (auto, text, jsonl or petrarch-xml)", optarg);
      break;
    case O_PARSE:
      if (!strcmp(optarg, "own")) o.parse_given = 0;
      else if (!strcmp(optarg, "given")) o.parse_given = 1;
      else return cli_usage_error("code", "unknown --parse '%s' (own or given)", optarg);
      break;
    case O_ONE: o.one_a_story = 1; break;
    case O_DYAD: o.require_dyad = 1; break;
    case O_EXPLAIN: o.explain = 1; break;
    case O_QUIET: o.quiet = 1; break;
    case O_STATS: o.stats = 1; break;
    case O_DB: o.db_url = optarg; break;
    case O_DEDUP:
      if (dy_pipeline_set_dedup(&o, optarg)) return cli_usage_error("code", "unknown --dedup '%s' (none, story or day)", optarg);
      break;
    case O_THREADS:
      if (parse_threads(optarg, &o.threads))
        return cli_usage_error("code", "--threads needs a number from 1 to %d, not '%s'", DY_PIPELINE_MAX_THREADS, optarg);
      break;
    case ':': return cli_usage_error("code", "option '%s' needs a value", argv[optind - 1]);
    default: return cli_usage_error("code", "unknown option '%s'", argv[optind - 1]);
    }
  }
  if (o.db_url && !format_given) o.print = 0;
  if (o.dedup && !o.db_url) return cli_usage_error("code", "--dedup needs --db");
  return dy_pipeline_run(&o, (const char *const *)argv + optind, argc - optind, stdout);
}
