# fill-defaults.awk: rewrites a PETRARCH actor file so that every record with
# a default code and dated ranges also carries the default as explicit dated
# ranges in every gap (19000101..20991231), code lines sorted by date. See
# README.md ("dyad.actors.txt") for why. Idempotent. Usage:
#   awk -f data/dict/fill-defaults.awk dyad.actors.txt > new && mv new dyad.actors.txt
# Code lines are TAB [CODE], [CODE <D], [CODE >D] or [CODE D1-D2], 8-digit dates.
function isleap(y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
function mlen(y, m) { return m == 2 ? (isleap(y) ? 29 : 28) : ((m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31) }
function next_day(d,   y, m, dd) { y = int(d / 10000); m = int(d / 100) % 100; dd = d % 100
  if (++dd > mlen(y, m)) { dd = 1; if (++m > 12) { m = 1; y++ } } return y * 10000 + m * 100 + dd }
function prev_day(d,   y, m, dd) { y = int(d / 10000); m = int(d / 100) % 100; dd = d % 100
  if (--dd < 1) { if (--m < 1) { m = 12; y-- } dd = mlen(y, m) } return y * 10000 + m * 100 + dd }
function fmt(code, a, b) {
  if (a == 19000101 && b == 20991231) return "\t[" code "]"
  if (a == 19000101) return "\t[" code " <" b "]"
  if (b == 20991231) return "\t[" code " >" a "]"
  return "\t[" code " " a "-" b "]"
}
function flush(   i, j, t, cur, out) {
  if (n == 0 && def == "") { return }
  # sort ranges by start (insertion sort, few items)
  for (i = 2; i <= n; i++) for (j = i; j > 1 && lo[j] < lo[j-1]; j--) {
    t = lo[j]; lo[j] = lo[j-1]; lo[j-1] = t; t = hi[j]; hi[j] = hi[j-1]; hi[j-1] = t
    t = txt[j]; txt[j] = txt[j-1]; txt[j-1] = t }
  cur = 19000101
  for (i = 1; i <= n; i++) {
    if (def != "" && lo[i] > cur) print fmt(def, cur, prev_day(lo[i]))
    print txt[i]
    cur = next_day(hi[i])
  }
  if (def != "" && n > 0 && cur <= 20991231) print fmt(def, cur, 20991231)
  if (def != "") print deftxt
  n = 0; def = ""; deftxt = ""
}
/^\t\[/ {
  l = $0; c = index(l, "#"); body = c ? substr(l, 1, c - 1) : l
  sub(/[ \t]+$/, "", body); x = body; sub(/^\t\[/, "", x); sub(/\]$/, "", x)
  k = split(x, f, " ")
  if (k == 1) { def = f[1]; deftxt = l; next }
  r = f[2]
  if (r ~ /^</) { a = 19000101; b = substr(r, 2) + 0 }
  else if (r ~ /^>/) { a = substr(r, 2) + 0; b = 20991231 }
  else { split(r, g, "-"); a = g[1] + 0; b = g[2] + 0 }
  n++; lo[n] = a; hi[n] = b; txt[n] = l
  next
}
{ flush(); print }
END { flush() }
