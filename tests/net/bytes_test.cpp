// describe() of byte buffers and addresses, the error texts, and "host:port" parsing.
#include <gtest/gtest.h>

#include <string>

#include "futurescope/net/address.hpp"
#include "futurescope/net/bytes.hpp"
#include "futurescope/net/io_error.hpp"

namespace futurescope {
namespace {

TEST(bytes, DescribeQuotesTextWithEscapes) {
    EXPECT_EQ(Bytes("GET / HTTP/1.0\r\n\r\n").describe(), "\"GET / HTTP/1.0\\r\\n\\r\\n\"");
    EXPECT_EQ(Bytes("say \"hi\"\\\t").describe(), "\"say \\\"hi\\\"\\\\\\t\"");
    EXPECT_EQ(Bytes(std::string("\0\x01\x7f", 3)).describe(), "\"\\x00\\x01\\x7f\"");
    EXPECT_EQ(Bytes().describe(), "\"\"");
}

TEST(bytes, DescribeKeepsUtf8AndEscapesInvalidBytes) {
    EXPECT_EQ(Bytes("caf\xc3\xa9").describe(), "\"caf\xc3\xa9\"");
    // A lone continuation byte, a truncated sequence and an overlong form are not UTF-8.
    EXPECT_EQ(Bytes("\x80 \xc3 \xe0\x80\x80").describe(), "\"\\x80 \\xc3 \\xe0\\x80\\x80\"");
}

TEST(bytes, DescribeTruncatesLongBuffersWithTheCountLeft) {
    const std::string text(100, 'a');
    EXPECT_EQ(Bytes(text).describe(), "\"" + std::string(64, 'a') + "\"… 36 more bytes");
    EXPECT_EQ(describe_bytes(text, 10), "\"aaaaaaaaaa\"… 90 more bytes");
    // A multi-byte character that straddles the limit is kept whole.
    EXPECT_EQ(describe_bytes("ab\xc3\xa9xyz", 3), "\"ab\xc3\xa9\"… 3 more bytes");
}

TEST(io_error, DescribeNamesTheKindAsRustDoes) {
    EXPECT_EQ(
        IoError(IoErrorKind::connection_refused, "connection refused by 10.0.0.2:80").describe(),
        "ConnectionRefused: connection refused by 10.0.0.2:80");
    EXPECT_EQ(IoError(IoErrorKind::timed_out, "x").describe(), "TimedOut: x");
    EXPECT_EQ(IoError(IoErrorKind::tls_name_mismatch, "x").describe(), "TlsNameMismatch: x");
    EXPECT_EQ(IoError(IoErrorKind::address_in_use, "x").describe(), "AddrInUse: x");
}

TEST(address, SplitHostPortTakesTheLastColon) {
    auto hp = split_host_port("www.rust-lang.org:443");
    ASSERT_TRUE(hp);
    EXPECT_EQ(hp->host, "www.rust-lang.org");
    EXPECT_EQ(hp->port, 443);
    auto local = split_host_port(":8080");
    ASSERT_TRUE(local);
    EXPECT_EQ(local->host, "");
    EXPECT_EQ(local->port, 8080);
    EXPECT_FALSE(split_host_port("no-port"));
    EXPECT_FALSE(split_host_port("host:"));
    EXPECT_FALSE(split_host_port("host:65536"));
    EXPECT_FALSE(split_host_port("host:80x"));
    EXPECT_EQ(SocketAddr({"10.0.0.2", 443}).describe(), "10.0.0.2:443");
}

} // namespace
} // namespace futurescope
