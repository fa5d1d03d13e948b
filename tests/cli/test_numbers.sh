# Whole-number options: trailing junk, signs, blanks and overflow are usage
# errors (exit 2) naming the option, never taken as their leading digits.
. tests/cli/lib.sh
DB="$TMP/n.db"
for bad in 10abc "" " 5" 0 -3 99999999999999999999 1e3; do
  run "$DYAD" db import --batch "$bad" "$DB" /dev/null
  expect "db_import_batch_refuses_'$bad'" 2 "" "--batch: want a whole number"
  run "$DYAD" code --quiet --threads "$bad" /dev/null
  expect "code_threads_refuses_'$bad'" 2 "" "--threads"
done
run "$DYAD" db migrate --to 2x "$DB"
expect db_migrate_to_refuses_trailing_junk 2 "" "--to: want a schema version"
[ -e "$DB" ] && fail no_database_made_on_usage_error "$DB exists" || ok no_database_made_on_usage_error
run "$DYAD" db import --batch 7 "$DB" /dev/null
expect db_import_batch_accepts_7 0 "" "stored 0 stories"
run "$DYAD" db migrate --to 3 "$DB"
expect db_migrate_to_3_accepts 0
finish
