#include "analysis/analysis.h"
int dy_chunk_sentence(dy_story *s, dy_sentence *sent) { (void)s; sent->nnode = 0; return 0; }
size_t dy_tree_format(const dy_sentence *sent, char *buf, size_t cap) { (void)sent; if (cap) buf[0] = 0; return 0; }
int dy_analyse_sentence(const dy_analyser *a, dy_story *s, dy_sentence *sent) {
  if (sent->ntok == 0) { sent->nnode = 0; return -1; }
  dy_tag_sentence(a, sent->tok, sent->ntok);
  return dy_chunk_sentence(s, sent);
}
