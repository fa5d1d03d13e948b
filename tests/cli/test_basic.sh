# The top-level command line: help, version, usage errors.
. tests/cli/lib.sh

run "$DYAD" --help;            expect help_exits_0 0 "usage: dyad COMMAND"
run "$DYAD";                   expect no_command_is_usage_error 2 "" "usage: dyad"
run "$DYAD" version;           expect version 0 "dyad "
run "$DYAD" frobnicate;        expect unknown_command_exit_2 2 "" "unknown command 'frobnicate'"
finish
