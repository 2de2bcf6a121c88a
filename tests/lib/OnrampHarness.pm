# OnrampHarness: prove's TAP::Harness (`prove --harness OnrampHarness`,
# found through PERL5LIB=tests/lib; see tests/run-all.sh), plus the one line
# `make check` ends with: "N passed, N failed", counting test points.
#
# A suite that fails without a failed point (it died, exited non-zero, or
# ran other than its plan, or printed none) adds one failure, so a broken
# suite is never lost from the count. For each failed suite it also shows
# the end of its whole output (stderr included), which run-one.sh keeps
# in $ONRAMP_TEST_LOGS, so a CI log says why without a rerun.
package OnrampHarness;
use strict;
use warnings;
use parent 'TAP::Harness';

my $TAIL = 40; # lines of a failed suite's output shown

sub runtests {
	my ($self, @tests) = @_;
	my $agg = $self->SUPER::runtests(@tests);
	my ($passed, $failed) = (0, 0);
	for my $name ($agg->descriptions) {
		my ($parser) = $agg->parsers($name);
		my $p = scalar $parser->passed; # skipped and TODO points count as passed
		my $f = scalar $parser->failed;
		$passed += $p;
		$failed += $f;
		next unless $parser->has_problems;
		$failed++ unless $f;
		show_log($name);
	}
	print "$passed passed, $failed failed\n";
	return $agg;
}

sub show_log {
	my ($name) = @_;
	my $dir = $ENV{ONRAMP_TEST_LOGS} or return;
	my $file = "$dir/" . ($name =~ tr|/|.|r) . ".log";
	open(my $fh, '<', $file) or return;
	my @lines = <$fh>;
	close $fh;
	my $from = @lines > $TAIL ? @lines - $TAIL : 0;
	print "\n--- $name failed; the end of its output ($file):\n";
	print map { "  $_" } @lines[$from .. $#lines];
}

1;
