using Smgw.Crypto.OpenPgp;
using Xunit;

namespace Smgw.Tests.Crypto;

/// <summary>The hand-written scan of the leading OpenPGP session-key packets under hostile lengths: null, never a loop or a throw.</summary>
public class RsaSessionKeyPeekTests
{
    public static TheoryData<byte[]> Hostile => new()
    {
        // New-format PKESK whose five-octet length reads as -6 when taken as a signed int: the old scan went back to the start, forever.
        new byte[] { 0xC1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFA },
        // Lengths beyond the data, in every header form.
        new byte[] { 0xC1, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0x03 },
        new byte[] { 0xC1, 0xDF, 0xFF, 0x03 },
        new byte[] { 0x86, 0xFF, 0xFF, 0x03 },
        new byte[] { 0x87, 0x03 },
        // Truncated headers.
        new byte[] { 0xC1 },
        new byte[] { 0xC1, 0xFF, 0x00 },
        new byte[] { 0x85 },
        // A PKESK claiming a 65535-bit MPI in a short body, for the key asked for.
        new byte[] { 0xC1, 0x0E, 0x03, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x01, 0xFF, 0xFF, 0x00, 0x00 },
        // Not a packet at all, and a packet of another kind first.
        new byte[] { 0x00, 0x01, 0x02 },
        new byte[] { 0xCB, 0x02, 0x00, 0x00, 0xC1, 0x01 },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_packet_headers_give_null(byte[] packets) =>
        Assert.Null(RsaSessionKeyPeek.FindRsaSessionKey(packets, 0x0102030405060708));

    [Fact]
    public void A_well_formed_PKESK_for_the_key_gives_its_MPI_and_other_keys_are_skipped()
    {
        byte[] other = [0xC1, 0x0F, 0x03, 9, 9, 9, 9, 9, 9, 9, 9, 0x01, 0x00, 0x10, 0xAB, 0xCD, 0xEF];
        byte[] ours = [0xC1, 0x0F, 0x03, 1, 2, 3, 4, 5, 6, 7, 8, 0x01, 0x00, 0x10, 0x12, 0x34, 0x56];
        Assert.Equal([0x12, 0x34], RsaSessionKeyPeek.FindRsaSessionKey([.. other, .. ours], 0x0102030405060708));
    }
}
