#!/usr/bin/perl
# geo_fixture.pl - hand-checked country and ASN databases for the report tests, written by
# MaxMind's own writer (MaxMind::DB::Writer, Debian libmaxmind-db-writer-perl) in the
# GeoLite2-Country and GeoLite2-ASN layouts, so that our reader meets the format as users
# have it. Usage: geo_fixture.pl DIR  (writes DIR/country.mmdb and DIR/asn.mmdb)
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my $dir = shift or die "usage: geo_fixture.pl DIR\n";

my %country_types = (country => 'map', iso_code => 'utf8_string', names => 'map',
                     en => 'utf8_string');
my %asn_types = (autonomous_system_number => 'uint32',
                 autonomous_system_organization => 'utf8_string');

sub write_db {
    my ($path, $type, $types, $networks) = @_;
    my $tree = MaxMind::DB::Writer::Tree->new(
        ip_version => 6, record_size => 24, database_type => $type, languages => ['en'],
        description => { en => "takedown test $type database; public domain" },
        map_key_type_callback => sub { $types->{ $_[0] } },
        remove_reserved_networks => 0, alias_ipv6_to_ipv4 => 1,
    );
    $tree->insert_network($_->[0], $_->[1]) for @$networks;
    open my $fh, '>:raw', $path or die "$path: $!\n";
    $tree->write_tree($fh);
    close $fh or die "$path: $!\n";
}

sub country { my ($code, $name) = @_; return { country => { iso_code => $code, names => { en => $name } } } }
sub asn { my ($number, $org) = @_; return { autonomous_system_number => $number, autonomous_system_organization => $org } }

write_db("$dir/country.mmdb", 'GeoLite2-Country', \%country_types, [
    ['10.1.0.0/16', country('IN', 'India')],
    ['10.2.0.0/16', country('US', 'United States')],
    ['10.3.0.0/16', country('DE', 'Germany')],
    ['10.4.0.0/16', country('BR', 'Brazil')],
    ['2001:db8:1::/48', country('IN', 'India')],
]);
write_db("$dir/asn.mmdb", 'GeoLite2-ASN', \%asn_types, [
    ['10.1.0.0/17', asn(9829, 'BSNL')],
    ['10.1.128.0/17', asn(45609, 'Bharti Airtel')],
    ['10.2.0.0/16', asn(7922, 'Comcast, Inc.')],
    ['10.3.0.0/16', asn(3320, 'Deutsche Telekom AG')],
    ['2001:db8:1::/48', asn(9829, 'BSNL')],
]);
