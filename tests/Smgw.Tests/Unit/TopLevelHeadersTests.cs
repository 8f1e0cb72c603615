using System.Text;
using Smgw.Grains.Policy;
using Xunit;

namespace Smgw.Tests.Unit;

/// <summary>Cutting header fields out of stored bytes: only the named fields, with their continuations, and only in the top-level header block.</summary>
public class TopLevelHeadersTests
{
    private static string Cut(string message) =>
        Encoding.Latin1.GetString(TopLevelHeaders.Remove(Encoding.Latin1.GetBytes(message), name =>
            System.Text.Ascii.EqualsIgnoreCase(name, "Bcc"u8) || TopLevelHeaders.StartsWith(name, "X-SMGW-"u8)).Span);

    [Theory]
    [InlineData("From: a\r\nBcc: b\r\nTo: c\r\n\r\nbody\r\n", "From: a\r\nTo: c\r\n\r\nbody\r\n")]
    [InlineData("Bcc: b,\r\n c,\r\n\td\r\nTo: c\r\n\r\nbody", "To: c\r\n\r\nbody")]
    [InlineData("X-SMGW-Signature: valid\nx-smgw-decryption: x\n  folded\nSubject: s\n\nbody\n", "Subject: s\n\nbody\n")]
    [InlineData("BCC : b\r\nSubject: s\r\n\r\n", "Subject: s\r\n\r\n")]
    [InlineData("Subject: s\r\n\r\nBcc: in the body stays\r\nX-SMGW-Signature: so does this\r\n", "Subject: s\r\n\r\nBcc: in the body stays\r\nX-SMGW-Signature: so does this\r\n")]
    [InlineData("Subject: s\r\nBcc: last, no body", "Subject: s\r\n")]
    [InlineData("Bccx: not bcc\r\nX-SMGWx: not ours\r\n\r\n", "Bccx: not bcc\r\nX-SMGWx: not ours\r\n\r\n")]
    [InlineData(" leading continuation\r\nBcc: b\r\n\r\n", " leading continuation\r\n\r\n")]
    [InlineData("no colon line\r\nBcc: b\r\n\r\n", "no colon line\r\n\r\n")]
    [InlineData("", "")]
    public void Only_the_selected_fields_and_their_continuations_go(string message, string expected) =>
        Assert.Equal(expected, Cut(message));

    [Fact]
    public void Nothing_to_cut_returns_the_same_memory()
    {
        var body = Encoding.ASCII.GetBytes("Subject: s\r\n\r\nbody");
        var result = TopLevelHeaders.Remove(body, _ => false);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(result, out var segment));
        Assert.Same(body, segment.Array);
    }
}
