# The CAMEO table generator (src/cameo/cameo_tables.awk) refuses bad data.
. tests/cli/lib.sh
GEN=src/cameo/cameo_tables.awk
D=data/cameo

run awk -f $GEN $D/goldstein.tsv $D/CAMEO2PLOVER-2021.txt $D/eventcodes.tsv
expect generates_from_the_shipped_data 0 '[1333] = 23, /* 0233 */'

grep -v '^0233	' $D/goldstein.tsv > "$TMP/g.tsv"
run awk -f $GEN "$TMP/g.tsv" $D/CAMEO2PLOVER-2021.txt $D/eventcodes.tsv
expect missing_goldstein_fails 1 "" "eventcodes.tsv:24: error: code 0233 has no Goldstein weight"

sed 's/^051	3.4$/051	high/' $D/goldstein.tsv > "$TMP/g.tsv"
run awk -f $GEN "$TMP/g.tsv" $D/CAMEO2PLOVER-2021.txt $D/eventcodes.tsv
expect bad_weight_fails 1 "" 'g.tsv:80: error: bad Goldstein weight "high"'

{ cat $D/CAMEO2PLOVER-2021.txt; echo "0x1: AGREE"; } > "$TMP/p.txt"
run awk -f $GEN $D/goldstein.tsv "$TMP/p.txt" $D/eventcodes.tsv
expect bad_plover_code_fails 1 "" 'error: bad CAMEO code "0x1"'

# the generated file compiles with the project's warnings
run awk -f $GEN $D/goldstein.tsv $D/CAMEO2PLOVER-2021.txt $D/eventcodes.tsv
cp "$TMP/out" "$TMP/t.c"
run ${CC:-cc} -std=c11 -Wall -Wextra -Werror -Wshadow -Isrc -c "$TMP/t.c" -o "$TMP/t.o"
expect generated_c_compiles 0
finish
