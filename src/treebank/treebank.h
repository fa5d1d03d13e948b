/*
 * treebank.h — reads a Penn Treebank parse (the <Parse> of PETRARCH XML)
 * into the shared per-sentence structure (tokens + constituent nodes).
 *
 * Tokens: raw is a span into the parse text (so the parse must outlive the
 * story, or belong to its arena); norm = dy_fold(raw); tag from the
 * preterminal; -LRB-/-RRB- leaves become "(" ")"; off = UINT32_MAX (the
 * parse has no offsets into the story text). Nodes: node 0 is the root,
 * first-child/next-sibling links, token ranges [first,last), head token by
 * Collins-style head rules, DY_NODE_PASSIVE on a VP whose head is a past
 * participle under a form of "be"/"get", DY_NODE_NEGATED on a VP with a
 * "not"/"n't"/"never" adverb child, DY_NODE_COORD on a phrase with a CC
 * child. The reader is iterative (no recursion), linear in the parse.
 */
#ifndef DYAD_TREEBANK_H
#define DYAD_TREEBANK_H

#include "core/core.h"

/* Fills sent->tok/ntok and sent->node/nnode from `parse` (arena storage of
 * story s). Returns 0, or -1 when the parse is malformed (unbalanced
 * brackets, a leaf without a word, no tokens); then dy_treebank_error()
 * tells why, sent is left with ntok = nnode = 0, and the
 * caller reports it with the record id. */
int dy_treebank_read(dy_story *s, dy_sentence *sent, dy_str parse);
/* The message of the last failed dy_treebank_read in this thread (static). */
const char *dy_treebank_error(void);

/* Head token of nodes[i] recomputed (exposed for other producers of the
 * same structure, e.g. the raw-text analysis). */
void dy_treebank_heads(dy_sentence *sent);

/* Sets DY_NODE_PASSIVE / NEGATED / COORD from labels, tags and token
 * words (also usable by other producers of the structure). */
void dy_treebank_flags(dy_sentence *sent);

#endif
