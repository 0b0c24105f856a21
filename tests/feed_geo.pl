#!/usr/bin/perl
# feed_geo.pl - writes DIR/dbip/dbip-city-ipv4.mmdb for the feed's detector tests: the
# synthetic source's Japanese, Chinese and US address blocks (net/synth.c) with their
# country, flat DB-IP schema. Other sources stay unplaced (the detectors' unknown bucket).
# Usage: feed_geo.pl DIR
use strict;
use warnings;
use File::Path qw(make_path);
use MaxMind::DB::Writer::Tree;

my $dir = shift or die "usage: $0 DIR\n";
make_path("$dir/dbip");
my %types = (
    city => 'utf8_string', country_code => 'utf8_string', state1 => 'utf8_string',
    latitude => 'float', longitude => 'float', postcode => 'utf8_string',
);
my $t = MaxMind::DB::Writer::Tree->new(
    ip_version => 4, record_size => 28, database_type => 'city ipv4', languages => ['en'],
    description => { en => 'darkglobe feed test fixture' },
    map_key_type_callback => sub { $types{ $_[0] } },
);
my %blocks = (
    JP => [ [ 'Tokyo', 35.69, 139.69 ],
            qw(126.0.0.0/8 153.128.0.0/9 210.128.0.0/11 211.0.0.0/12 220.96.0.0/11
               202.208.0.0/12) ],
    CN => [ [ 'Beijing', 39.9, 116.4 ],
            qw(36.96.0.0/11 58.16.0.0/13 60.160.0.0/11 61.128.0.0/10 111.0.0.0/10) ],
    US => [ [ 'Ashburn', 39.04, -77.49 ], qw(3.0.0.0/9 24.0.0.0/12 73.0.0.0/8) ],
);
for my $cc (sort keys %blocks) {
    my ($where, @nets) = @{ $blocks{$cc} };
    my %rec = (country_code => $cc, city => $where->[0], latitude => $where->[1],
               longitude => $where->[2], state1 => '', postcode => '');
    $t->insert_network($_, \%rec) for @nets;
}
open my $fh, '>:raw', "$dir/dbip/dbip-city-ipv4.mmdb" or die "$dir: $!\n";
$t->write_tree($fh);
close $fh or die "$dir: $!\n";
print "feed_geo: wrote $dir/dbip/dbip-city-ipv4.mmdb\n";
