#!/usr/bin/perl
# feed_geo.pl - writes DIR/dbip/dbip-city-ipv4.mmdb for the detector tests: the synthetic
# source's Japanese, Chinese and US address blocks (net/synth.c) with their country, flat
# DB-IP schema; other sources stay unplaced (the detectors' unknown bucket).
# With --world it writes DIR/dbip-city-ipv4.mmdb instead, a coarse world database for the
# viewer's tests, so they place every arc without the downloaded DB-IP database: each
# routable /8 goes to one of a few real cities in turn, the blocks above keep their country.
# Usage: feed_geo.pl DIR [--world]
use strict;
use warnings;
use File::Path qw(make_path);
use MaxMind::DB::Writer::Tree;

my ($dir, $mode) = @ARGV;
die "usage: $0 DIR [--world]\n" unless $dir;
my $world = ($mode // '') eq '--world';
my $out = $world ? $dir : "$dir/dbip";
make_path($out);
my %types = (
    city => 'utf8_string', country_code => 'utf8_string', state1 => 'utf8_string',
    latitude => 'float', longitude => 'float', postcode => 'utf8_string',
);
my $t = MaxMind::DB::Writer::Tree->new(
    ip_version => 4, record_size => 28, database_type => 'city ipv4', languages => ['en'],
    description => { en => 'darkglobe test fixture' },
    map_key_type_callback => sub { $types{ $_[0] } },
);
sub rec {
    my ($cc, $city, $lat, $lon) = @_;
    return { country_code => $cc, city => $city, latitude => $lat, longitude => $lon,
             state1 => '', postcode => '' };
}
my @cities = (
    [ 'US', 'Ashburn', 39.04, -77.49 ],   [ 'BR', 'Sao Paulo', -23.55, -46.63 ],
    [ 'DE', 'Frankfurt', 50.11, 8.68 ],   [ 'RU', 'Moscow', 55.76, 37.62 ],
    [ 'IN', 'Mumbai', 19.08, 72.88 ],     [ 'KR', 'Seoul', 37.57, 126.98 ],
    [ 'VN', 'Hanoi', 21.03, 105.85 ],     [ 'NL', 'Amsterdam', 52.37, 4.90 ],
    [ 'GB', 'London', 51.51, -0.13 ],     [ 'TW', 'Taipei', 25.03, 121.57 ],
    [ 'ZA', 'Johannesburg', -26.20, 28.05 ], [ 'AU', 'Sydney', -33.87, 151.21 ],
    [ 'MX', 'Mexico City', 19.43, -99.13 ], [ 'TR', 'Istanbul', 41.01, 28.98 ],
    [ 'ID', 'Jakarta', -6.21, 106.85 ],   [ 'FR', 'Paris', 48.86, 2.35 ],
);
# Bogon /8s stay out: they are never placed anyway. More specific blocks go in last.
my %bogon = map { $_ => 1 } (0, 10, 100, 127, 169, 172, 192, 198, 203);
if ($world) {
    for my $a (1 .. 223) {
        $t->insert_network("$a.0.0.0/8", rec(@{ $cities[ $a % @cities ] })) unless $bogon{$a};
    }
}
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
    $t->insert_network($_, rec($cc, @$where)) for @nets;
}
open my $fh, '>:raw', "$out/dbip-city-ipv4.mmdb" or die "$out: $!\n";
$t->write_tree($fh);
close $fh or die "$out: $!\n";
print "feed_geo: wrote $out/dbip-city-ipv4.mmdb\n";
