using System.Text;
using Smgw.Crypto.OpenPgp;
using Xunit;

namespace Smgw.Tests.Crypto;

/// <summary>Finding a cleartext-signed text (RFC 4880 §7) in a body, as clients and list servers leave it, and what is hashed.</summary>
public class ClearSignedTextTests
{
    private const string Signature = "-----BEGIN PGP SIGNATURE-----\n\niQEz\n=abcd\n-----END PGP SIGNATURE-----\n";

    private static ClearSignedText? Find(string body) => ClearSignedText.Find(Encoding.UTF8.GetBytes(body));

    [Fact]
    public void The_signed_text_is_dash_unescaped_trimmed_at_line_ends_and_joined_with_CRLF()
    {
        var found = Find("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256, SHA512\n\nfirst  \n- -dash line\n\nlast\t\n" + Signature);

        Assert.NotNull(found);
        Assert.Equal("first\r\n-dash line\r\n\r\nlast", Encoding.UTF8.GetString(found.SignedText));
        Assert.Equal(["SHA256", "SHA512"], found.HashHeaders);
        Assert.Equal("-----BEGIN PGP SIGNATURE-----\n\niQEz\n=abcd\n-----END PGP SIGNATURE-----\n", Encoding.ASCII.GetString(found.Signature));
    }

    [Fact]
    public void Text_before_indented_armour_lines_and_CRLF_line_ends_are_no_obstacle()
    {
        var found = Find("Hello,\r\n\r\n   -----BEGIN PGP SIGNED MESSAGE-----   \r\nHash: SHA256\r\n \r\ntext\r\n  -----BEGIN PGP SIGNATURE-----\r\n\r\n  iQEz  \r\n-----END PGP SIGNATURE----- \r\ntrailer\r\n");

        Assert.NotNull(found);
        Assert.Equal("text", Encoding.UTF8.GetString(found.SignedText));
        Assert.Equal("-----BEGIN PGP SIGNATURE-----\n\niQEz\n-----END PGP SIGNATURE-----\n", Encoding.ASCII.GetString(found.Signature));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\ntext\n")]
    [InlineData("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\ntext\n-----BEGIN PGP SIGNATURE-----\n\niQEz\n")]
    [InlineData("just text\n-----BEGIN PGP SIGNATURE-----\n-----END PGP SIGNATURE-----\n")]
    [InlineData("x-----BEGIN PGP SIGNED MESSAGE-----\n\ntext\n-----BEGIN PGP SIGNATURE-----\n-----END PGP SIGNATURE-----\n")]
    public void Incomplete_or_misplaced_armour_is_not_a_cleartext_signature(string body) => Assert.Null(Find(body));
}
