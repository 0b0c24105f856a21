#!/usr/bin/perl
# asn2mmdb.pl - converts ip-location-db's ASN CSV (npm @ip-location-db/asn: RouteViews, DB-IP
# and NRO data, CC BY 4.0) into MMDB files the viewer reads with libmaxminddb, in the schema
# of MaxMind's GeoLite2-ASN (autonomous_system_number, autonomous_system_organization), so a
# GeoLite2-ASN.mmdb works as well.
# CSV rows: first address, last address (inclusive), AS number, AS organisation (quoted when
# it holds a comma, "" inside quotes).
# Usage: asn2mmdb.pl IN.csv OUT.mmdb 4|6
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my ($in, $out, $ver) = @ARGV;
die "usage: $0 IN.csv OUT.mmdb 4|6\n" unless $out && defined $ver && $ver =~ /^[46]$/;

my %types = (autonomous_system_number => 'uint32',
             autonomous_system_organization => 'utf8_string');
my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version            => $ver,
    record_size           => 24,
    database_type         => 'darkglobe-ASN',
    languages             => ['en'],
    description           => { en => 'IP to ASN by RouteViews, DB-IP and NRO (CC BY 4.0), '
                                     . 'from npm @ip-location-db/asn' },
    map_key_type_callback => sub { $types{ $_[0] } },
    # the viewer never looks up reserved addresses; keeping the tree small is enough
    remove_reserved_networks => 0,
    alias_ipv6_to_ipv4       => 0,
    merge_strategy           => 'none',
);

# One organisation string per AS: identical records share one data-section entry.
my %rec;
open my $fh, '<:encoding(UTF-8)', $in or die "$in: $!\n";
my ($n, $bad) = (0, 0);
while (my $line = <$fh>) {
    $line =~ s/\r?\n\z//;
    my ($lo, $hi, $asn, $org) = $line =~ /^([^,]+),([^,]+),(\d+),(.*)\z/;
    if (!defined $asn) { $bad++; next; }
    $org = $1 =~ s/""/"/gr if $org =~ /^"(.*)"\z/;
    my $r = $rec{"$asn\t$org"} //= { autonomous_system_number => $asn + 0,
                                     autonomous_system_organization => $org };
    $tree->insert_range($lo, $hi, $r);
    $n++;
}
close $fh;
die "$in: no usable rows\n" unless $n;
my $tmp = "$out.part";
open my $o, '>:raw', $tmp or die "$tmp: $!\n";
$tree->write_tree($o);
close $o or die "$tmp: $!\n";
rename $tmp, $out or die "$out: $!\n";
print STDERR "asn2mmdb: $out: $n ranges", ($bad ? ", $bad bad rows skipped" : ""), "\n";
