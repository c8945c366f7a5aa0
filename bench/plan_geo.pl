#!/usr/bin/perl
# plan_geo.pl - the country and ASN databases of gen_events' address plan, written with
# MaxMind's own writer (libmaxmind-db-writer-perl): each 10.B.0.0/16 of the plan gets its
# country and the private ASN 64512+B. Usage: gen_events --plan | plan_geo.pl DIR
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my $dir = shift or die "usage: gen_events --plan | plan_geo.pl DIR\n";
my %types = (country => 'map', iso_code => 'utf8_string', autonomous_system_number => 'uint32',
             autonomous_system_organization => 'utf8_string');
my %trees;
for my $kind ('Country', 'ASN') {
    $trees{$kind} = MaxMind::DB::Writer::Tree->new(
        ip_version => 6, record_size => 24, database_type => "takedown-bench-$kind",
        languages => ['en'], description => { en => 'takedown benchmark address plan; public domain' },
        map_key_type_callback => sub { $types{ $_[0] } }, remove_reserved_networks => 0,
        alias_ipv6_to_ipv4 => 1);
}
while (my $line = <STDIN>) {
    chomp $line;
    my ($prefix, $country) = split /,/, $line;
    my ($block) = $prefix =~ /^10\.(\d+)$/ or die "bad plan line: $line\n";
    $trees{Country}->insert_network("$prefix.0.0/16", { country => { iso_code => $country } });
    $trees{ASN}->insert_network("$prefix.0.0/16", { autonomous_system_number => 64512 + $block,
                                                    autonomous_system_organization => "Bench Net $block" });
}
for my $kind ('Country', 'ASN') {
    open my $fh, '>:raw', "$dir/" . lc($kind) . ".mmdb" or die "$dir: $!\n";
    $trees{$kind}->write_tree($fh);
    close $fh or die "$dir: $!\n";
}
