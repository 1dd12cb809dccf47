package net.trafficmirror.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** CIDR parsing and printing in the forms AWS accepts and returns (RFC 4632, RFC 5952 for IPv6 text). */
class CidrTest {
    @ParameterizedTest
    @CsvSource({
            "0.0.0.0/0, 0.0.0.0/0",
            "10.100.0.223/32, 10.100.0.223/32",
            "10.100.7.9/16, 10.100.0.0/16",
            "::/0, ::/0",
            "2001:DB8:0:0:1::/80, 2001:db8:0:0:1::/80",
            "2001:db8::1/128, 2001:db8::1/128",
            "fd00:ec2::253/128, fd00:ec2::253/128",
            "2001:db8:ffff:ffff:ffff::/65, 2001:db8:ffff:ffff:8000::/65",
            "::ffff:10.0.0.1/128, ::ffff:a00:1/128"})
    void parsesAndPrintsCanonically(String in, String out) {
        assertThat(Cidr.parse(in)).hasToString(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0", "10.0.0.0/33", "10.0.0/8", "10.0.0.256/8", "::/129", "example.com/32", "10.0.0.0/-1", "10.0.0.0/8/8", "/8", "1:2:3:4:5:6:7:8:9/64"})
    void rejectsMalformedBlocks(String in) {
        assertThatThrownBy(() -> Cidr.parse(in)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void containsByPrefix() {
        Cidr v4 = Cidr.parse("10.100.0.0/16");
        assertThat(v4.contains(Cidr.parseAddress("10.100.255.1"))).isTrue();
        assertThat(v4.contains(Cidr.parseAddress("10.101.0.1"))).isFalse();
        assertThat(v4.contains(Cidr.parseAddress("::a64:1"))).isFalse();
        Cidr v6 = Cidr.parse("2001:db8::/127");
        assertThat(v6.contains(Cidr.parseAddress("2001:db8::1"))).isTrue();
        assertThat(v6.contains(Cidr.parseAddress("2001:db8::2"))).isFalse();
        assertThat(Cidr.format(v4.addressPlus(2))).isEqualTo("10.100.0.2");
        assertThat(Cidr.format(Cidr.parse("2001:db8::/64").addressPlus(2))).isEqualTo("2001:db8::2");
    }
}
